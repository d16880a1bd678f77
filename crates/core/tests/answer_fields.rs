//! The inspector's notes on an answer: each value found in the doc's response tables by its
//! path, the envelope's fields included, a map's unnamed keys read as its values.

use countersign_core::catalog;

fn en(api: &str, path: &[Option<&str>]) -> Option<String> {
    let api = catalog::find(api).expect("in the catalog");
    api.answer_field(path.iter().copied()).map(|f| {
        f.label
            .as_ref()
            .map_or_else(|| f.description.en.clone(), |l| l.en.clone())
    })
}

#[test]
fn business_fields_are_found_under_data_and_through_arrays() {
    assert_eq!(
        en("wdt.stockpd.sync", &[Some("data"), Some("pd_no")]).as_deref(),
        Some("Stock-count order number")
    );
    assert_eq!(
        en(
            "kingdee.inv_synchronous.list",
            &[Some("data"), Some("rows"), None, Some("qty")]
        )
        .as_deref(),
        Some("Quantity (base unit)")
    );
}

#[test]
fn a_key_a_map_does_not_name_is_one_of_its_values() {
    let note = en("wdt.stockpd.sync", &[Some("data"), Some("44066")]).unwrap();
    assert!(note.contains("\"ok\""), "{note}");
}

#[test]
fn the_envelope_and_taobaos_success_root_are_found_and_unknown_keys_are_not() {
    assert!(en("wdt.stockpd.sync", &[Some("status")]).is_some());
    let taobao = catalog::find("taobao.imbalance.create").unwrap();
    let root = taobao.response.name.as_str();
    assert!(en("taobao.imbalance.create", &[Some(root), Some("spi_result")]).is_some());
    assert_eq!(en("wdt.stockpd.sync", &[Some("nothing")]), None);
    assert_eq!(en("wdt.stockpd.sync", &[]), None);
    assert_eq!(
        en(
            "kingdee.inv_synchronous.list",
            &[Some("data"), Some("no_such_key")]
        ),
        None
    );
}
