//! Broken documents give the expected findings: path, severity and code, in both languages.

use countersign_core::catalog::{self, has_errors, validate, Finding, FindingCode, Lang, Severity};
use serde_json::{json, Value};

use FindingCode::*;
use Severity::{Error as E, Warning as W};

fn api(id: &str) -> &'static catalog::Api {
    catalog::find(id).unwrap()
}

/// The example with `edit` applied at a JSON pointer (`None` removes the key).
fn edited(id: &str, edits: &[(&str, Option<Value>)]) -> Value {
    let mut doc = api(id).example_document().clone();
    for (pointer, value) in edits {
        let (parent, key) = pointer.rsplit_once('/').unwrap();
        let target = doc
            .pointer_mut(parent)
            .unwrap_or_else(|| panic!("{pointer}"));
        match (target, value) {
            (Value::Object(map), Some(v)) => {
                map.insert(key.to_string(), v.clone());
            }
            (Value::Object(map), None) => {
                map.shift_remove(key);
            }
            (Value::Array(items), Some(v)) => items[key.parse::<usize>().unwrap()] = v.clone(),
            _ => panic!("{pointer}"),
        }
    }
    doc
}

fn summary(findings: &[Finding]) -> Vec<(String, Severity, FindingCode)> {
    findings
        .iter()
        .map(|f| (f.path.clone(), f.severity, f.code))
        .collect()
}

fn expect(id: &str, doc: &Value, want: &[(&str, Severity, FindingCode)]) -> Vec<Finding> {
    let findings = validate(api(id), doc);
    let want: Vec<(String, Severity, FindingCode)> = want
        .iter()
        .map(|(p, s, c)| (p.to_string(), *s, *c))
        .collect();
    assert_eq!(summary(&findings), want, "{id}: {findings:#?}");
    for f in &findings {
        assert!(
            !f.message_zh.is_empty() && !f.message_en.is_empty(),
            "{f:?}"
        );
    }
    findings
}

#[test]
fn taobao_broken_documents() {
    let id = "taobao.imbalance.create";
    let doc = edited(
        id,
        &[
            ("/req_dto/owner_code", None),
            ("/req_dto/warehouse_code", Some(json!(123))),
            ("/req_dto/adjust_type", Some(json!("OTHER"))),
            ("/req_dto/items/0/inventory_type", Some(json!("XX"))),
            ("/req_dto/items/0/lock_quantity", Some(json!(1.5))),
            ("/req_dto/items/0/product_date", Some(json!("2016-02-30"))),
            ("/req_dto/items/0/extend_props", Some(json!("{bad"))),
            ("/req_dto/items/0/colour", Some(json!("red"))),
            ("/req_dto/operate_time", Some(json!("2016-09-09T12:00:00"))),
        ],
    );
    let findings = expect(
        id,
        &doc,
        &[
            ("req_dto.owner_code", E, Required),
            ("req_dto.warehouse_code", E, Type),
            ("req_dto.adjust_type", W, Enum),
            ("req_dto.items[0].inventory_type", E, Enum),
            ("req_dto.items[0].lock_quantity", E, Type),
            ("req_dto.items[0].product_date", E, Format),
            ("req_dto.items[0].extend_props", W, Format),
            ("req_dto.items[0].colour", W, UnknownField),
            ("req_dto.operate_time", E, Format),
        ],
    );
    assert_eq!(findings[1].message_en, "must be a string: write \"123\"");
    assert_eq!(
        findings[4].to_string(),
        "req_dto.items[0].lock_quantity: must be an integer, not a number"
    );
    assert!(
        findings[3].message_en.contains("ZP, CC, JS"),
        "{}",
        findings[3].message_en
    );
    assert!(findings[3].message(Lang::Zh).contains("不是允许的值"));
    assert!(has_errors(&findings));
}

#[test]
fn taobao_loose_forms_are_warnings() {
    let id = "taobao.imbalance.create";
    let doc = edited(id, &[("/req_dto/items/0/lock_quantity", Some(json!("12")))]);
    let f = expect(id, &doc, &[("req_dto.items[0].lock_quantity", W, Type)]);
    assert!(!has_errors(&f));
    expect(
        id,
        &edited(
            id,
            &[("/req_dto/items/0/lock_quantity", Some(json!("twelve")))],
        ),
        &[("req_dto.items[0].lock_quantity", E, Type)],
    );
    // req_dto pasted as the JSON text that is sent: checked inside, one warning.
    let text = api(id).example_document()["req_dto"].to_string();
    expect(id, &json!({"req_dto": text}), &[("req_dto", W, Type)]);
    let text = text.replace("\"ZP\"", "\"QQ\"");
    expect(
        id,
        &json!({"req_dto": text}),
        &[
            ("req_dto", W, Type),
            ("req_dto.items[0].inventory_type", E, Enum),
        ],
    );
    expect(id, &json!({"req_dto": "not json"}), &[("req_dto", E, Type)]);
    expect(id, &json!({}), &[("req_dto", E, Required)]);
    expect(id, &json!({"req_dto": null}), &[("req_dto", E, Required)]);
}

#[test]
fn wdt_broken_documents() {
    let id = "wdt.stockpd.sync";
    let doc = edited(
        id,
        &[
            ("/pdOrder/warehouse_no", Some(json!("仓".repeat(41)))),
            ("/pdOrder/defect_mode", Some(json!(3))),
            ("/pdOrder/is_post_error", Some(json!(1))),
            ("/specList/0/new_num", Some(json!(200))),
            ("/specList/0/defect", Some(json!("false"))),
            ("/specList/0/remark", Some(json!("x".repeat(256)))),
        ],
    );
    let f = expect(
        id,
        &doc,
        &[
            ("pdOrder.warehouse_no", E, MaxLength),
            ("pdOrder.defect_mode", E, Enum),
            ("specList[0].remark", E, MaxLength),
            ("specList[0].new_num", E, Type),
            ("specList[0].defect", W, Type),
        ],
    );
    assert_eq!(f[0].message_en, "is 41 characters long; at most 40");
    assert_eq!(f[0].message_zh, "长度为 41 个字符，最多 40 个");
    // 40 Chinese characters are 120 bytes and still fine: lengths count characters.
    expect(
        id,
        &edited(
            id,
            &[("/pdOrder/warehouse_no", Some(json!("仓".repeat(40))))],
        ),
        &[],
    );
    // `decimal` on new_num is the catalog's reading of a doc `String`: a warning of ours.
    let f = expect(
        id,
        &edited(
            id,
            &[
                ("/specList/0/new_num", Some(json!("200.00.0"))),
                ("/pdOrder/defect_mode", Some(json!("1"))),
            ],
        ),
        &[
            ("pdOrder.defect_mode", W, Type),
            ("specList[0].new_num", W, Format),
        ],
    );
    assert!(!f[0].is_inferred());
    assert!(f[1].is_inferred(), "{:?}", f[1]);
    assert!(
        f[1].message_en.contains("our inference"),
        "{}",
        f[1].message_en
    );
    // The doc counts positive stock only: below zero is refused, zero is a count.
    let f = expect(
        id,
        &edited(id, &[("/specList/0/new_num", Some(json!("-1")))]),
        &[("specList[0].new_num", E, Minimum)],
    );
    assert_eq!(f[0].message_en, "must not be negative");
    expect(
        id,
        &edited(id, &[("/specList/0/new_num", Some(json!("0")))]),
        &[],
    );
    expect(
        id,
        &json!({"pdOrder": {"warehouse_no": "1", "defect_mode": 0, "remark": ""}, "extra": 1}),
        &[("specList", E, Required), ("extra", W, UnknownField)],
    );
    // The body is [pdOrder, specList]: a top-level extra is not sent, and says so.
    let said = catalog::validate(
        catalog::find(id).unwrap(),
        &json!({"pdOrder": {"warehouse_no": "1"}, "specList": [], "extra": 1}),
    );
    let extra = said.iter().find(|f| f.path == "extra").unwrap();
    assert!(
        extra.message_en.contains("it is not sent"),
        "{}",
        extra.message_en
    );
    // "可以为空": an empty list is valid.
    expect(
        id,
        &json!({"pdOrder": {"warehouse_no": "1", "defect_mode": 0, "remark": ""}, "specList": []}),
        &[],
    );
}

#[test]
fn kingdee_ids_at_most_100() {
    let id = "kingdee.inv_synchronous.list";
    let ids: Vec<String> = (0..101).map(|i| i.to_string()).collect();
    let f = expect(id, &json!({"ids": ids}), &[("ids", E, MaxItems)]);
    assert_eq!(f[0].message_en, "has 101 items; at most 100");
    expect(id, &json!({"ids": ids[..100]}), &[]);
    expect(id, &json!({"ids": [1, "2"]}), &[("ids[0]", E, Type)]);
    expect(id, &json!({"ids": "1,2"}), &[("ids", W, Type)]);
    expect(
        id,
        &json!({"ids": ids.join(",")}),
        &[("ids", W, Type), ("ids", E, MaxItems)],
    );
    expect(id, &json!({}), &[]);
    expect(id, &json!([]), &[("$", E, Type)]);
}

#[test]
fn kingdee_material_broken_documents() {
    let id = "kingdee.material.save";
    let doc = edited(
        id,
        &[
            ("/name", None),
            ("/check_type", Some(json!("4"))),
            ("/cost_method", Some(json!(1))),
            ("/computation_rule", Some(json!("1"))),
            ("/coefficient1", Some(json!("x"))),
            ("/is_batch", Some(json!("false"))),
            ("/is_sale", Some(json!("yes"))),
            ("/custom_field", Some(json!({"f1": 1}))),
            ("/images", Some(json!(["a.png", 2]))),
            ("/store_entity/0/store_id", None),
            ("/bomentity/0/qty", Some(json!("fifty"))),
            ("/price_entity/0/price_colour", Some(json!("1"))),
        ],
    );
    expect(
        id,
        &doc,
        &[
            ("name", E, Required),
            ("bomentity[0].qty", W, Format),
            ("check_type", E, Enum),
            ("coefficient1", E, Type),
            ("computation_rule", W, Type),
            ("cost_method", E, Type),
            ("custom_field.f1", E, Type),
            ("images[1]", E, Type),
            ("is_batch", W, Type),
            ("is_sale", E, Type),
            ("price_entity[0].price_colour", W, UnknownField),
            ("store_entity[0].store_id", E, Required),
        ],
    );
    // The doc's own example sends "false" for aux_enable, typed string: fine.
    let mut doc = api(id).example_document().clone();
    doc["aux_entity"][0]["aux_enable"] = json!("false");
    expect(id, &doc, &[]);
    doc["aux_entity"][0]["aux_enable"] = json!(false);
    expect(id, &doc, &[("aux_entity[0].aux_enable", E, Type)]);
}

#[test]
fn kingdee_inv_check_task_doc_example_as_published() {
    // The request body exactly as the vendor's page shows it.
    let published = json!({"check_batch_kf_period":1423432,"check_date":"2020-10-14","check_model":"1","check_scope":"1","check_serial":1423432,"check_type":"1","checker_number":"DK1","create_type":"1","id":null,"include_forbidden":false,"include_zero":false,"lock_status":true,"material_brand_number":"143","material_category_number":"1324","material_number":"","material_source":"1","name":null,"remark":"14","sp_number":"1423432","stock_id":"321424"});
    expect(
        "kingdee.inv_check_task.save",
        &published,
        &[
            ("name", E, Required),
            ("check_batch_kf_period", E, Type),
            ("check_serial", E, Type),
        ],
    );
    // The catalog's corrected example records each fix.
    let fixes: Vec<&str> = api("kingdee.inv_check_task.save")
        .example_fixes
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        fixes,
        ["check_batch_kf_period", "check_serial", "id", "name"]
    );
    expect(
        "kingdee.inv_check_task.save",
        &edited(
            "kingdee.inv_check_task.save",
            &[
                ("/check_date", Some(json!("2020/10/14"))),
                ("/checker_number", Some(json!("DK1，DK2"))),
            ],
        ),
        &[("check_date", W, Format), ("checker_number", W, Format)],
    );
    // check_date is a date by our reading (the doc says string): ours; the comma list is
    // spelled out by the doc: its.
    let f = validate(
        api("kingdee.inv_check_task.save"),
        &edited(
            "kingdee.inv_check_task.save",
            &[
                ("/check_date", Some(json!("2020/10/14"))),
                ("/checker_number", Some(json!("DK1，DK2"))),
            ],
        ),
    );
    assert!(f[0].is_inferred() && !f[1].is_inferred(), "{f:#?}");
    assert!(!has_errors(&f));
}

#[test]
fn parameters_filled_from_credentials_are_not_missing() {
    expect("kingdee.push_app_authorize", &json!({}), &[]);
    expect("kingdee.app_token", &json!({}), &[]);
    expect(
        "kingdee.push_app_authorize",
        &json!({"outerInstanceId": 5}),
        &[("outerInstanceId", E, Type)],
    );
}

#[test]
fn findings_serialise_with_stable_codes() {
    let f = validate(
        api("kingdee.inv_synchronous.list"),
        &json!({"ids": 5, "x": 1}),
    );
    let v = serde_json::to_value(&f).unwrap();
    assert_eq!(
        v,
        json!([
            {"path": "ids", "severity": "error", "code": "type", "source": "doc", "message_zh": "必须是数组，而不是数字", "message_en": "must be an array, not a number"},
            {"path": "x", "severity": "warning", "code": "unknown_field", "source": "doc", "message_zh": "不是该接口文档中的字段（会原样发送）", "message_en": "is not a field of this API's doc (it is sent as is)"}
        ])
    );
}

#[test]
fn field_at_follows_finding_paths() {
    let tb = api("taobao.imbalance.create");
    assert_eq!(
        tb.field_at("req_dto.items[0].lock_quantity").unwrap().name,
        "lock_quantity"
    );
    assert_eq!(
        api("kingdee.material.save")
            .field_at("store_entity[3].store_id")
            .unwrap()
            .description
            .zh,
        "仓库id"
    );
    assert!(tb.field_at("req_dto.nope").is_none());
}

/// The validator reads the document in the catalog's order when it can: a document in
/// another order, with unknown keys among the known ones, gives the same findings, known
/// fields in catalog order and unknown keys in document order.
#[test]
fn key_order_does_not_change_findings() {
    let id = "kingdee.material.save";
    let doc = edited(
        id,
        &[
            ("/price_entity/0/price_cost_price", Some(json!("x"))),
            ("/price_entity/0/zz_extra", Some(json!(1))),
            ("/aa_extra", Some(json!(1))),
            ("/name", None),
        ],
    );
    let ordered = validate(api(id), &doc);
    let reversed = |v: &Value| -> Value {
        let map = v.as_object().unwrap();
        Value::Object(
            map.iter()
                .rev()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    };
    let mut backwards = reversed(&doc);
    let row = reversed(&backwards["price_entity"][0]);
    backwards["price_entity"][0] = row;
    let from_backwards = validate(api(id), &backwards);
    let want = [
        ("name", E, Required),
        ("price_entity[0].price_cost_price", W, Format),
        ("price_entity[0].zz_extra", W, UnknownField),
        ("aa_extra", W, UnknownField),
    ];
    expect(id, &doc, &want);
    assert_eq!(summary(&from_backwards), summary(&ordered));
}

#[test]
fn typed_text_of_the_wrong_type_is_quoted_back() {
    let id = "taobao.imbalance.create";
    let doc = edited(
        id,
        &[("/req_dto/items/0/lock_quantity", Some(json!("abc")))],
    );
    let findings = expect(id, &doc, &[("req_dto.items[0].lock_quantity", E, Type)]);
    assert_eq!(findings[0].message_en, "\"abc\" is not an integer");
    assert_eq!(findings[0].message_zh, "“abc” 不是整数");
    // Full-width digits from a Chinese input method are named as the cause.
    let doc = edited(
        id,
        &[("/req_dto/items/0/lock_quantity", Some(json!("１２")))],
    );
    let findings = expect(id, &doc, &[("req_dto.items[0].lock_quantity", E, Type)]);
    assert_eq!(
        findings[0].message_en,
        "\"１２\" is not an integer: it has full-width digits; type them half-width (12)"
    );
    assert!(
        findings[0].message_zh.contains("全角数字"),
        "{}",
        findings[0].message_zh
    );
}

/// Digits beyond a 64-bit Long are out of range, whether typed as text or as a JSON
/// number: not "not an integer", and no note suggesting the same digits be written again.
#[test]
fn integers_beyond_a_long_say_the_range() {
    let id = "taobao.imbalance.create";
    let at = "/req_dto/items/0/lock_quantity";
    let path = "req_dto.items[0].lock_quantity";
    let largest = "超出 Long 范围（最大 9223372036854775807）";
    for v in [
        json!("9223372036854775808"),
        json!("99999999999999999999"),
        json!(9_223_372_036_854_775_808u64),
        json!(1e20),
    ] {
        let f = expect(
            id,
            &edited(id, &[(at, Some(v.clone()))]),
            &[(path, E, Type)],
        );
        assert_eq!(f[0].message_zh, largest, "{v}");
        assert_eq!(
            f[0].message_en, "is beyond the range of a Long (largest 9223372036854775807)",
            "{v}"
        );
    }
    let f = expect(
        id,
        &edited(id, &[(at, Some(json!("-9223372036854775809")))]),
        &[(path, E, Type)],
    );
    assert_eq!(
        f[0].message_zh,
        "超出 Long 范围（最小 -9223372036854775808）"
    );
    assert!(f[0].message_en.contains("smallest -9223372036854775808"));
    // The edges still fit: a number is fine, the same digits as text only a loose form.
    expect(id, &edited(id, &[(at, Some(json!(i64::MAX)))]), &[]);
    expect(
        id,
        &edited(id, &[(at, Some(json!("9223372036854775807")))]),
        &[(path, W, Type)],
    );
    expect(
        id,
        &edited(id, &[(at, Some(json!("-9223372036854775808")))]),
        &[(path, W, Type)],
    );
}

/// A zero-width space or a right-to-left override pasted into a value is named by code
/// point (a warning: the gateway takes it); a zero-width joiner inside an emoji is not.
#[test]
fn invisible_characters_are_named() {
    let id = "taobao.imbalance.create";
    let at = "/req_dto/warehouse_code";
    let path = "req_dto.warehouse_code";
    for (text, cp) in [("仓库\u{200B}", "U+200B"), ("STA\u{202E}321", "U+202E")] {
        let f = expect(
            id,
            &edited(id, &[(at, Some(json!(text)))]),
            &[(path, W, Invisible)],
        );
        assert!(f[0].message_en.contains(cp), "{}", f[0].message_en);
        assert!(f[0].message_zh.contains(cp), "{}", f[0].message_zh);
    }
    expect(id, &edited(id, &[(at, Some(json!("仓👨\u{200D}👩")))]), &[]);
}
