//! Demo stock for the mock Kingdee `inv_synchronous`: plausible, stable numbers per id.

use serde_json::{json, Value};

/// Without ids: a page of demo stock; the live gateway cuts page_size above 100 silently.
pub fn demo_page<'a>(query: impl Fn(&str) -> Option<&'a str>) -> Vec<Value> {
    const TOTAL: u64 = 250;
    let number = |name, default: u64| {
        query(name)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .filter(|n| *n > 0)
            .unwrap_or(default)
    };
    let size = number("page_size", 10).min(100);
    let first = (number("page", 1) - 1).saturating_mul(size);
    (first..TOTAL.min(first.saturating_add(size)))
        .map(|i| row(&(1001 + i).to_string()))
        .collect()
}

/// One stock row for an id: every field of the doc's Row, numbers stable per id.
pub fn row(id: &str) -> Value {
    let h = id
        .bytes()
        .fold(17u64, |h, b| h.wrapping_mul(131).wrapping_add(u64::from(b)));
    // splitmix64: independent, stable numbers per (id, field).
    let n = |salt: u64, max: u64| {
        let mut z = h.wrapping_add(salt.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        ((z ^ (z >> 31)) % max) as i64
    };
    let qty = 20 + n(1, 480);
    let sal_lock = n(2, 10);
    let sal_occupy = n(3, 15);
    let sal_pre_out = n(4, 12);
    let tf_pre_out = n(5, 6);
    let other_pre_out = n(6, 4);
    let pur_pre_in = n(7, 60);
    let pur_transit = n(8, 40);
    let other_pre_in = n(9, 8);
    let tf_transit = n(10, 10);
    let valid = (qty - sal_lock - sal_occupy).max(0);
    let expected = (valid + pur_pre_in + pur_transit + other_pre_in + tf_transit
        - sal_pre_out
        - tf_pre_out
        - other_pre_out)
        .max(0);
    let material = 8440 + n(11, 60);
    let stock = 1 + n(12, 3);
    let stock_name = ["主仓库", "华东仓", "华南仓"][(stock - 1) as usize];
    json!({
        "aux_prop_id": "0",
        "aux_prop_name": "",
        "aux_qty": 0,
        "auxprop_number": "",
        "batch_no": format!("B2024{:04}", n(13, 10_000)),
        "exp_valid_aux_qty": 0,
        "exp_valid_qty": expected,
        "id": id,
        "kf_date": "2024-06-01",
        "kf_period": 12,
        "kf_type": "2",
        "material_id": format!("{}", 1_680_000_000_000_000_000i64 + material),
        "material_name": format!("演示商品{material}"),
        "material_number": format!("SP{material}"),
        "other_pre_in_aux_qty": 0,
        "other_pre_in_qty": other_pre_in,
        "other_pre_out_aux_qty": 0,
        "other_pre_out_qty": other_pre_out,
        "pur_pre_in_qty": pur_pre_in,
        "pur_prein_aux_qty": 0,
        "pur_transit_aux_qty": 0,
        "pur_transit_qty": pur_transit,
        "qty": qty,
        "sal_lock_aux_qty": 0,
        "sal_lock_qty": sal_lock,
        "sal_occupy_aux_qty": 0,
        "sal_occupy_qty": sal_occupy,
        "sal_pre_out_aux_qty": 0,
        "sal_pre_out_qty": sal_pre_out,
        "sp_id": format!("{}", 120 + stock),
        "sp_name": format!("A区-{stock:02}"),
        "sp_number": format!("A{stock:02}"),
        "stock_id": stock.to_string(),
        "stock_name": stock_name,
        "stock_number": format!("CK{stock:03}"),
        "tf_pre_out_aux_qty": 0,
        "tf_pre_out_qty": tf_pre_out,
        "tf_transit_aux_qty": 0,
        "tf_transit_qty": tf_transit,
        "valid_aux_qty": 0,
        "valid_date": "2025-06-01",
    })
}
