//! The doc-page importer on pages written for these tests in the shapes of the three
//! vendor sites (`fixtures/import_doc/`, our own words and data): every request parameter
//! comes out with its path, type, required flag and what the prose says; pages that are
//! not API pages are refused with the missing part named.

use std::collections::BTreeMap;

use countersign_core::catalog::{self, Field, FieldType, Format, Location, ValueType};
use countersign_core::import_doc::{import_doc, ImportDocError, Imported, NoteKind};
use countersign_core::Vendor;
use serde_json::{json, Value};

use FieldType::{Array, Boolean, Date, Datetime, Decimal, Enum, Integer, Map, Object};
const STR: FieldType = FieldType::String;

fn page(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import_doc")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn import(name: &str) -> Imported {
    import_doc(&page(name), None).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every request field by path (`lines[].qty`).
fn paths(fields: &[Field]) -> BTreeMap<String, Field> {
    let mut root: Field =
        serde_json::from_value(json!({"type": "object", "description": {"zh": "", "en": ""}}))
            .unwrap();
    root.fields = fields.to_vec();
    let mut all = Vec::new();
    root.walk("", &mut all);
    all.into_iter().map(|(p, f)| (p, f.clone())).collect()
}

/// The whole request: exactly these paths, each with its type and required flag.
fn expect_params(
    name: &str,
    got: &[Field],
    want: &[(&str, FieldType, bool)],
) -> BTreeMap<String, Field> {
    let got = paths(got);
    let got_list: Vec<(String, FieldType, bool)> = got
        .iter()
        .map(|(p, f)| (p.clone(), f.ty, f.required))
        .collect();
    let mut want_list: Vec<(String, FieldType, bool)> = want
        .iter()
        .map(|(p, t, r)| (p.to_string(), *t, *r))
        .collect();
    want_list.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(got_list, want_list, "{name}");
    got
}

fn values(f: &Field) -> Vec<String> {
    f.values
        .iter()
        .map(|v| match &v.value {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

/// The entry is a valid catalog file: it parses back as one, and its example validates.
fn round_trips(imported: &Imported) {
    let text = serde_json::to_string_pretty(&imported.api).unwrap();
    let back: catalog::Api =
        serde_json::from_str(&text).expect("the entry parses as a catalog entry");
    assert_eq!(back.params, imported.api.params);
    let findings = catalog::validate(&imported.api, &imported.api.example);
    assert!(
        !catalog::has_errors(&findings),
        "{} example: {findings:#?}",
        imported.api.id
    );
}

/// A sample that does not fit its column's type (`Number` is a long at TOP) is noted, not
/// dropped in silence.
#[test]
fn a_sample_that_does_not_fit_its_type_is_noted() {
    let text = page("taobao-markdown.md").replacen("1000123", "1000.5", 1);
    assert!(text.contains("1000.5"), "the fixture's num_iid row moved");
    let i = import_doc(&text, None).unwrap();
    assert!(i.api.example.get("num_iid").is_none());
    let note = i
        .notes
        .iter()
        .find(|n| n.path == "num_iid" && n.kind == NoteKind::Ignored)
        .unwrap_or_else(|| panic!("no note on num_iid: {:?}", i.notes));
    assert!(
        note.message.en.contains("`1000.5` does not fit the type"),
        "{note:?}"
    );
    // As written, nothing to say.
    let i = import("taobao-markdown.md");
    assert!(!i.notes.iter().any(|n| n.path == "num_iid"));
}

/// TOP's 更多限制 `最小值` and `最大值` bound a number, as `最大长度` bounds a string.
#[test]
fn taobao_least_and_greatest_values_bound_a_number() {
    let text =
        page("taobao-markdown.md").replacen("| 商品数字ID |", "| 最小值：1，最大值：9999999 |", 1);
    assert!(
        text.contains("最大值：9999999"),
        "the fixture's num_iid row moved"
    );
    let i = import_doc(&text, None).unwrap();
    let f = i.api.params.iter().find(|f| f.name == "num_iid").unwrap();
    assert_eq!((f.minimum, f.maximum), (Some(1.0), Some(9_999_999.0)));
    let said = |v: serde_json::Value| {
        catalog::validate(&i.api, &json!({"num_iid": v, "price": "1.00"}))
            .into_iter()
            .filter(|f| f.path == "num_iid")
            .map(|f| f.message_en)
            .collect::<Vec<_>>()
    };
    assert_eq!(said(json!(0)), ["must be at least 1"]);
    assert_eq!(said(json!(10_000_000)), ["must be at most 9999999"]);
    assert!(said(json!(5)).is_empty());
}

/// A page whose title line is in capitals (a note, a slide) is still Taobao's, not a
/// 旺店通 method (those mix cases), and its method comes out in TOP's lower case.
#[test]
fn taobao_title_in_capitals_is_still_taobao() {
    let text = page("taobao-trades-copy.txt").replacen(
        "taobao.trades.sold.get",
        "TAOBAO.TRADES.SOLD.GET",
        1,
    );
    assert!(
        text.contains("TAOBAO.TRADES.SOLD.GET"),
        "the fixture's title line moved"
    );
    let i = import_doc(&text, None).unwrap();
    assert_eq!(i.api.vendor, Vendor::Taobao);
    assert_eq!(i.api.method.as_deref(), Some("taobao.trades.sold.get"));
}

#[test]
fn taobao_browser_copy_with_rows_on_one_line() {
    let i = import("taobao-trades-copy.txt");
    let api = &i.api;
    assert_eq!(api.vendor, Vendor::Taobao);
    assert_eq!(api.method.as_deref(), Some("taobao.trades.sold.get"));
    assert_eq!(api.name.zh, "卖家已卖出的交易");
    assert!(api.summary.zh.starts_with("按创建时间查询"));
    let p = expect_params(
        "trades",
        &api.params,
        &[
            ("fields", STR, true),
            ("start_created", Datetime, false),
            ("end_created", Datetime, false),
            ("status", Enum, false),
            ("buyer_nick", STR, false),
            ("page_no", Integer, false),
            ("page_size", Integer, false),
            ("use_has_next", Boolean, false),
        ],
    );
    assert_eq!(p["fields"].format, Some(Format::Csv));
    assert_eq!(p["fields"].example, Some(json!("tid,status,payment")));
    assert_eq!(
        p["start_created"].example,
        Some(json!("2024-03-01 00:00:00"))
    );
    assert_eq!(p["start_created"].format, Some(Format::DateTime));
    assert_eq!(values(&p["status"]), ["WAIT_PAY", "WAIT_SHIP", "FINISHED"]);
    assert_eq!(p["status"].values[1].label.zh, "待发货");
    assert_eq!(p["page_no"].default, Some(json!(1)));
    assert_eq!(p["page_size"].default, Some(json!(40)));
    assert_eq!(p["page_size"].example, Some(json!(50)));
    assert_eq!(p["use_has_next"].default, Some(json!(false)));
    assert!(p["use_has_next"]
        .description
        .zh
        .starts_with("是否用 has_next"));
    // The response: the success root, a list of trades with their `└` fields.
    assert_eq!(api.response.name, "trades_sold_get_response");
    let r = paths(std::slice::from_ref(&api.response));
    assert_eq!(r["trades_sold_get_response.trades"].ty, Array);
    assert_eq!(r["trades_sold_get_response.trades[].tid"].ty, Integer);
    assert_eq!(r["trades_sold_get_response.has_next"].ty, Boolean);
    assert_eq!(api.example["fields"], "tid,status,payment");
    round_trips(&i);
}

#[test]
fn taobao_bullets_with_nested_objects_and_lost_depth() {
    let i = import("taobao-nested-bullets.txt");
    let p = expect_params(
        "nested",
        &i.api.params,
        &[
            ("notice", Object, true),
            ("notice.shipment_no", STR, true),
            ("notice.ship_type", Enum, true),
            ("notice.ship_time", Datetime, false),
            ("notice.lines", Array, true),
            ("notice.lines[].sku_code", STR, true),
            ("notice.lines[].qty", Integer, true),
            ("notice.lines[].is_gift", Boolean, false),
            ("notice.lines[].produced_on", Date, false),
            ("notice.lines[].remark", STR, false),
            ("notice.remark", STR, false),
            // `ture` in the required column
            ("notice.carrier", STR, true),
        ],
    );
    assert_eq!(p["notice"].entity.as_deref(), Some("ShipmentNoticeDto"));
    assert_eq!(p["notice.shipment_no"].max_length, Some(32));
    assert_eq!(values(&p["notice.ship_type"]), ["PT", "TH", "DB"]);
    assert_eq!(p["notice.lines"].max_items, Some(200));
    assert_eq!(
        p["notice.lines"].items.as_ref().unwrap().entity.as_deref(),
        Some("ShipmentLineDto")
    );
    assert_eq!(p["notice.remark"].description.zh, "单据备注");
    assert!(i
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Inferred && n.path == "lines"));
    assert_eq!(i.api.example["notice"]["lines"][0]["qty"], 3);
    assert_eq!(i.api.example["notice"]["carrier"], "SF");
    round_trips(&i);
}

#[test]
fn a_list_the_page_gives_no_fields_is_noted() {
    // Marked `└ lines` like its fields, the list row is their sibling, not their parent:
    // which was meant cannot be told, but a list of objects with no fields is said, since
    // each row would go out as `{}` (the form had called it valid and said nothing).
    let shapeless = |i: &Imported| {
        i.notes.iter().any(|n| {
            n.path == "notice.lines" && n.message.en.contains("no fields for this list's rows")
        })
    };
    assert!(!shapeless(&import("taobao-nested-bullets.txt")));
    let text = page("taobao-nested-bullets.txt").replacen("  • lines", "  • └ lines", 1);
    let i = import_doc(&text, None).unwrap();
    assert!(shapeless(&i), "{:?}", i.notes);
}

#[test]
fn taobao_markdown_with_an_empty_limit_cell() {
    let i = import("taobao-markdown.md");
    assert_eq!(
        i.api.method.as_deref(),
        Some("taobao.item.demo.price.update")
    );
    let p = expect_params(
        "markdown",
        &i.api.params,
        &[
            ("num_iid", Integer, true),
            ("price", STR, true),
            ("reason", STR, false),
            ("effective_at", Datetime, false),
        ],
    );
    assert_eq!(p["num_iid"].description.zh, "商品数字ID");
    assert_eq!(p["reason"].max_length, Some(20));
    assert_eq!(p["reason"].description.zh, "调价原因");
    assert!(i
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Ignored && n.path == "item"));
}

fn check_goods_push(i: &Imported, name: &str) {
    let api = &i.api;
    assert_eq!(api.vendor, Vendor::Wdt);
    assert_eq!(api.method.as_deref(), Some("goods.Goods.push2"));
    assert_eq!(api.name.zh, "货品推送2");
    assert!(api.summary.zh.starts_with("把外部系统的货品资料"));
    assert_eq!(api.positional, ["goodsInfo", "specInfoList"]);
    let p = expect_params(
        name,
        &api.params,
        &[
            ("goodsInfo", Object, true),
            ("goodsInfo.goods_no", STR, true),
            ("goodsInfo.goods_name", STR, true),
            ("goodsInfo.goods_type", Enum, false),
            ("goodsInfo.auto_brand", Boolean, false),
            ("goodsInfo.shelf_date", Date, false),
            ("goodsInfo.label_list", STR, false),
            ("specInfoList", Array, true),
            ("specInfoList[].spec_no", STR, true),
            ("specInfoList[].retail_price", Decimal, false),
            ("specInfoList[].weight", Decimal, false),
            ("specInfoList[].is_enabled", Boolean, true),
            ("specInfoList[].barcodes", Array, false),
        ],
    );
    assert_eq!(p["goodsInfo"].label.as_ref().unwrap().zh, "货品信息");
    assert_eq!(p["goodsInfo"].entity.as_deref(), Some("goodsInfo"));
    assert_eq!(p["goodsInfo.goods_no"].max_length, Some(40));
    assert_eq!(p["goodsInfo.goods_no"].description.zh, "货品编号，编码规则");
    assert_eq!(p["goodsInfo.goods_name"].max_length, Some(255));
    // An Int's and a bool's 长度 are not text lengths.
    assert_eq!(p["goodsInfo.goods_type"].max_length, None);
    assert_eq!(
        p["goodsInfo.goods_type"].value_type,
        Some(ValueType::Integer)
    );
    assert_eq!(values(&p["goodsInfo.goods_type"]), ["1", "2", "3"]);
    assert_eq!(p["goodsInfo.goods_type"].default, Some(json!(1)));
    assert_eq!(p["goodsInfo.auto_brand"].default, Some(json!(false)));
    assert_eq!(p["goodsInfo.label_list"].format, Some(Format::Csv));
    assert_eq!(p["goodsInfo.shelf_date"].format, Some(Format::Date));
    assert_eq!(p["specInfoList[].barcodes"].items.as_ref().unwrap().ty, STR);
    assert_eq!(api.response.name, "data");
}

#[test]
fn wdt_markdown_with_child_tables_by_field_name() {
    let i = import("wdt-goods-push.md");
    check_goods_push(&i, "wdt markdown");
    let api = &i.api;
    assert_eq!(
        api.doc_url.as_deref(),
        Some("https://open.wangdian.cn/qjb/open/apidoc/doc?path=goods.Goods.push2")
    );
    assert_eq!(api.example["goodsInfo"]["goods_no"], "G001");
    assert_eq!(api.example["specInfoList"][0]["is_enabled"], true);
    assert_eq!(api.example_response["data"]["goods_id"], 12);
    assert_eq!(
        paths(std::slice::from_ref(&api.response))["data.goods_id"].ty,
        Integer
    );
    let e = api
        .errors
        .iter()
        .find(|e| e.code == "2001")
        .expect("the error sample's code");
    assert_eq!(e.message.zh, "货品编号重复");
    round_trips(&i);
}

#[test]
fn wdt_browser_copy_with_tabs_and_dropped_cells() {
    let i = import("wdt-goods-push-copy.txt");
    check_goods_push(&i, "wdt copy");
    // The same page as Markdown gives the same parameters.
    let md = import("wdt-goods-push.md");
    assert_eq!(
        paths(&i.api.params).keys().collect::<Vec<_>>(),
        paths(&md.api.params).keys().collect::<Vec<_>>()
    );
    for (path, f) in paths(&md.api.params) {
        let c = &paths(&i.api.params)[&path];
        assert_eq!(
            (c.ty, c.required, c.max_length, &c.values, &c.default),
            (f.ty, f.required, f.max_length, &f.values, &f.default),
            "{path}"
        );
    }
}

#[test]
fn wdt_paging_appears_once_as_pager_outside_the_body() {
    let i = import("wdt-stock-query.md");
    let api = &i.api;
    assert_eq!(api.method.as_deref(), Some("wms.StockDemo.queryWithPager"));
    assert_eq!(api.positional, ["params"]);
    let p = expect_params(
        "pager",
        &api.params,
        &[
            ("params", Object, true),
            ("params.warehouse_no", STR, true),
            ("params.start_time", Datetime, false),
            ("params.stock_state", Enum, false),
            ("pager", Object, true),
            ("pager.page_size", Integer, true),
            ("pager.page_no", Integer, true),
            ("pager.calc_total", Boolean, false),
        ],
    );
    assert_eq!(p["params.start_time"].max_length, None);
    assert_eq!(values(&p["params.stock_state"]), ["0", "1", "2"]);
    assert!(p["pager"].note.is_some());
    let r = paths(std::slice::from_ref(&api.response));
    assert_eq!(r["data.stock_list"].ty, Array);
    assert_eq!(r["data.stock_list[].stock_num"].ty, Decimal);
    // The paging goes to the URL: the body holds `params` only.
    let doc = json!({"params": {"warehouse_no": "W1"}, "pager": {"page_size": 20, "page_no": 0}});
    let input = built_wdt(api, &doc);
    assert_eq!(input["body"], r#"[{"warehouse_no":"W1"}]"#);
    assert_eq!(input["page"]["page_size"], 20);
    assert_eq!(input["page"]["page_no"], 0);
}

fn check_entry_save(i: &Imported, name: &str) {
    let api = &i.api;
    assert_eq!(api.vendor, Vendor::Kingdee);
    assert_eq!(api.path.as_deref(), Some("/jdy/v2/scm/assembly_demo"));
    assert_eq!(api.http_method, "POST");
    assert_eq!(api.summary.zh, "新建或修改一张组装单");
    let p = expect_params(
        name,
        &api.params,
        &[
            ("bill_date", Date, true),
            ("stock_id", STR, true),
            ("bill_type", Enum, false),
            ("fee", Decimal, false),
            ("auto_audit", Boolean, false),
            ("material_entity", Array, true),
            ("material_entity[].material_id", STR, true),
            ("material_entity[].qty", STR, true),
            ("material_entity[].id", STR, false),
            ("material_entity[].serial_list", Array, false),
            ("material_entity[].serial_list[].serial_no", STR, true),
            ("custom_field", Map, false),
        ],
    );
    assert_eq!(values(&p["bill_type"]), ["1", "2"]);
    assert_eq!(p["bill_type"].default, Some(json!("1")));
    assert_eq!(p["auto_audit"].default, Some(json!(false)));
    assert!(p["material_entity[].id"].row_id);
    assert_eq!(
        p["material_entity"]
            .items
            .as_ref()
            .unwrap()
            .entity
            .as_deref(),
        Some("MaterialEntity")
    );
    assert_eq!(p["custom_field"].items.as_ref().unwrap().ty, STR);
    // Our reading of a date the doc types string is marked as ours.
    assert!(i
        .notes
        .iter()
        .any(|n| n.path == "bill_date" && n.kind == NoteKind::Inferred));
    assert!(catalog::inferred_format(&p["bill_date"]));
}

#[test]
fn kingdee_markdown_with_child_tables_by_type_name() {
    let i = import("kingdee-entry-save.md");
    check_entry_save(&i, "kingdee markdown");
    // The sample's 1 in a boolean is not taken; the rest is.
    assert_eq!(i.api.example["material_entity"][0]["qty"], "2");
    assert!(i.api.example.get("auto_audit").is_none());
    assert!(i
        .notes
        .iter()
        .any(|n| n.kind == NoteKind::Ignored && n.path == "auto_audit"));
    // A finding on the inferred date is a warning of ours; the doc's required is an error.
    let findings = catalog::validate(
        &i.api,
        &json!({"bill_date": "2024/04/01", "material_entity": []}),
    );
    let date = findings.iter().find(|f| f.path == "bill_date").unwrap();
    assert!(!date.is_error() && date.is_inferred(), "{date:?}");
    let stock = findings.iter().find(|f| f.path == "stock_id").unwrap();
    assert!(stock.is_error() && !stock.is_inferred());
    round_trips(&i);
}

#[test]
fn kingdee_sample_written_as_the_json_body_alone_is_the_example() {
    let page = page("kingdee-entry-save.md");
    let curl_start = page.find("curl --location").unwrap();
    let data = page.find("--data-raw '").unwrap() + "--data-raw '".len();
    let end = page[data..].find("'\n").unwrap() + data;
    // The same sample without the cURL command around it.
    let bare = format!(
        "{}{}{}",
        &page[..curl_start],
        &page[data..end],
        &page[end + 1..]
    );
    let i = import_doc(&bare, None).unwrap();
    assert_eq!(i.api.example["material_entity"][0]["qty"], "2");
    assert_eq!(i.api.example["stock_id"], "S1");
    assert!(!i.notes.iter().any(|n| n.path == "example"));
    // No sample at all: the example is empty, and the notes say so (the form's button to
    // fill it in is off, rather than emptying the form).
    let start = page.find("#### 请求示例").unwrap();
    let after = page.find("### 响应参数").unwrap();
    let none = format!("{}{}", &page[..start], &page[after..]);
    let i = import_doc(&none, None).unwrap();
    assert_eq!(i.api.example, json!({}));
    let note = i.notes.iter().find(|n| n.path == "example").unwrap();
    assert!(
        note.message.en.contains("no request sample found"),
        "{note:?}"
    );
}

#[test]
fn kingdee_browser_copy_with_tabs() {
    let i = import("kingdee-entry-save-copy.txt");
    check_entry_save(&i, "kingdee copy");
}

#[test]
fn kingdee_get_list_with_query_parameters() {
    let i = import("kingdee-bom-list.md");
    let api = &i.api;
    assert_eq!(api.path.as_deref(), Some("/jdy/v2/bd/bom"));
    assert_eq!(api.http_method, "GET");
    assert_eq!(api.id, "kingdee.bd.bom.get");
    assert_eq!(api.name.zh, "物料清单列表");
    let p = expect_params(
        "bom",
        &api.params,
        &[
            ("page", Integer, false),
            ("page_size", Integer, false),
            ("search", STR, false),
            ("enable", Enum, false),
            ("material_ids", Array, false),
            ("modify_start_time", STR, false),
        ],
    );
    for f in p.values() {
        assert_eq!(f.location, Some(Location::Query), "{}", f.name);
    }
    assert_eq!(values(&p["enable"]), ["1", "0"]);
    assert_eq!(p["material_ids"].max_items, Some(50));
    assert_eq!(p["material_ids"].style, Some(catalog::ArrayStyle::Csv));
    assert_eq!(
        api.example,
        json!({"page": 1, "page_size": 20, "enable": "1"})
    );
    let r = paths(std::slice::from_ref(&api.response));
    assert_eq!(r["data.rows[].qty"].ty, Decimal);
    assert_eq!(
        r["data.rows"].items.as_ref().unwrap().entity.as_deref(),
        Some("BomRow")
    );
    // The page's own code; the vendor-wide row is a link, not a code.
    assert_eq!(
        api.errors
            .iter()
            .map(|e| e.code.as_str())
            .collect::<Vec<_>>(),
        ["3000001001"]
    );
    round_trips(&i);
}

#[test]
fn pages_that_are_not_api_pages_are_refused_naming_what_is_missing() {
    assert_eq!(
        import_doc(&page("not-an-api.md"), None).unwrap_err(),
        ImportDocError::UnknownVendor
    );
    assert_eq!(
        import_doc(&page("not-an-api.md"), Some(Vendor::Kingdee)).unwrap_err(),
        ImportDocError::NoEndpoint {
            vendor: Vendor::Kingdee,
            wanted: "request path"
        }
    );
    let e = import_doc(&page("wdt-no-table.md"), None).unwrap_err();
    assert_eq!(
        e,
        ImportDocError::NoRequestTable {
            vendor: Vendor::Wdt
        }
    );
    assert!(e.to_string().contains("no request parameter table"), "{e}");
    assert!(e.message_zh().contains("请求参数表"));
    assert_eq!(import_doc("  \n", None).unwrap_err(), ImportDocError::Empty);
    // A Kingdee page given as Taobao is named for what it is.
    let e = import_doc(&page("kingdee-bom-list.md"), Some(Vendor::Taobao)).unwrap_err();
    assert_eq!(
        e,
        ImportDocError::VendorMismatch {
            given: Vendor::Taobao,
            found: Vendor::Kingdee
        }
    );
}

#[test]
fn an_imported_entry_registers_like_a_shipped_one() {
    let i = import("kingdee-bom-list.md");
    let api = catalog::register(i.api.clone()).unwrap();
    assert_eq!(
        catalog::find("kingdee.bd.bom.get").map(|a| &a.id),
        Some(&api.id)
    );
    assert_eq!(
        catalog::find("GET /jdy/v2/bd/bom").map(|a| &a.id),
        Some(&api.id)
    );
    assert!(catalog::extras().iter().any(|a| a.id == api.id));
    // Its envelope is the vendor's: a Kingdee answer is read as one.
    assert_eq!(api.envelope().code, "errcode");
    let creds = json!({"client_id": "1", "client_secret": "s", "app_key": "k", "app_secret": "x", "app_token": "t"});
    let req = catalog::build_request(
        api,
        &json!({"material_ids": ["a", "b"]}),
        &creds,
        Some(1_700_000_000_000),
        &countersign_core::BuildOptions::from_json(api.vendor, &json!({"nonce": 1})).unwrap(),
    )
    .unwrap();
    let signed = countersign_core::Signer::sign(&req).unwrap();
    assert!(
        signed.wire.url.contains("material_ids=a%2Cb"),
        "{}",
        signed.wire.url
    );
    catalog::unregister(&api.id);
    assert!(catalog::find("kingdee.bd.bom.get").is_none());
    // A shipped id is not taken over.
    let mut clash = i.api.clone();
    clash.id = "kingdee.material.save".into();
    let e = catalog::register(clash).unwrap_err();
    assert!(matches!(e, catalog::AdoptError::ShippedId { .. }), "{e}");
    assert!(e.to_string().contains("shipped"), "{e}");
    assert!(
        countersign_core::Localise::zh(&e).contains("内置接口"),
        "{e}"
    );
}

#[test]
fn pipe_separated_copies_without_the_separator_row_read_the_same() {
    let md = page("wdt-goods-push.md");
    let copy: std::string::String = md
        .lines()
        .filter(|l| !l.trim_start().starts_with("| ---"))
        .map(|l| format!("{l}\n"))
        .collect();
    let a = import_doc(&md, None).unwrap();
    let b = import_doc(&copy, None).unwrap();
    // The code samples lose their table too, so the examples may differ; the rest not.
    let facts = |fields: &[Field]| {
        paths(fields)
            .into_iter()
            .map(|(p, f)| {
                (
                    p,
                    f.ty,
                    f.required,
                    f.max_length,
                    f.values,
                    f.default,
                    f.format,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(facts(&a.api.params), facts(&b.api.params));
    assert_eq!(a.api.positional, b.api.positional);
}

#[test]
fn share_links_carry_an_imported_definition() {
    use countersign_core::share::{decode, encode, ShareState};
    let i = import("taobao-markdown.md");
    let state = ShareState {
        api: i.api.id.clone(),
        environment: "mock".into(),
        document: i.api.example.clone(),
        options: Default::default(),
        definition: Some(serde_json::to_value(&i.api).unwrap()),
    };
    let back = decode(&encode(&state)).unwrap();
    let api: catalog::Api = serde_json::from_value(back.definition.unwrap()).unwrap();
    assert_eq!(api.params, i.api.params);
}

/// A 中文 step in 请求地址 leaves the browser escaped; the entry keeps the path as sent,
/// which is the path the signature must cover (the mock and gateway read that one).
#[test]
fn kingdee_path_with_chinese_is_kept_as_the_browser_sends_it() {
    let text = page("kingdee-bom-list.md").replace("/jdy/v2/bd/bom", "/jdy/v2/bd/物料");
    let i = import_doc(&text, None).unwrap();
    assert_eq!(i.api.path.as_deref(), Some("/jdy/v2/bd/%E7%89%A9%E6%96%99"));
    assert!(!i.api.id.contains('%'), "{}", i.api.id);
}

/// A request address with a query or words after the path: the path alone is taken, and
/// the notes say what was left, so nobody wonders where `?lang=zh` went.
#[test]
fn kingdee_address_with_a_query_names_what_was_not_taken() {
    for (tail, rest) in [("?lang=zh", "?lang=zh"), (" （旧版）", "（旧版）")] {
        let text =
            page("kingdee-bom-list.md").replace("/jdy/v2/bd/bom", &format!("/jdy/v2/bd/bom{tail}"));
        let i = import_doc(&text, None).unwrap();
        assert_eq!(i.api.path.as_deref(), Some("/jdy/v2/bd/bom"), "{tail}");
        let note = i
            .notes
            .iter()
            .find(|n| n.kind == NoteKind::Ignored && n.path == "path")
            .unwrap_or_else(|| panic!("no note for {tail}: {:?}", i.notes));
        assert!(note.message.en.contains(rest), "{}", note.message.en);
    }
    let plain = import("kingdee-bom-list.md");
    assert!(
        !plain.notes.iter().any(|n| n.path == "path"),
        "{:?}",
        plain.notes
    );
}

/// A copied row whose name cell was empty (the copy drops empty cells) has its type where
/// the name would be: it is not a parameter named `String`, and the notes say the row was
/// left out.
#[test]
fn a_row_without_a_name_is_noted_not_named_by_its_type() {
    let text = page("wdt-goods-push-copy.txt").replacen(
        "\tgoodsInfo\t",
        "\tnot_here\tString\tY\tx\n无名\t\tString\tY\t无名的一行\n货品信息\tgoodsInfo\t",
        1,
    );
    assert!(
        text.contains("无名的一行"),
        "the fixture's goodsInfo row moved"
    );
    let i = import_doc(&text, None).unwrap();
    let names: Vec<&str> = i.api.params.iter().map(|f| f.name.as_str()).collect();
    assert!(
        !names.iter().any(|n| n.eq_ignore_ascii_case("string")),
        "{names:?}"
    );
    assert!(
        names.contains(&"goodsInfo") && names.contains(&"not_here"),
        "{names:?}"
    );
    assert!(
        i.notes
            .iter()
            .any(|n| n.kind == NoteKind::Ignored && n.message.en.contains("无名的一行")),
        "{:?}",
        i.notes
    );
}

/// A browser copy puts the 响应参数 line and the response table right under the last
/// request row, with no blank line: the heading ends the request table, is not glued onto
/// that row's description, and the response header and rows are not request parameters.
#[test]
fn a_response_heading_right_under_the_request_rows_ends_the_request_table() {
    let text = "taobao.widget.stock.update (部件库存修改)\n\
        按部件修改库存\n\
        请求参数\n\
        名称\t类型\t是否必须\t示例值\t更多限制\t描述\n\
        widget_id\tNumber\t必须\t100\t\t部件ID\n\
        mode\tNumber\t可选\t1\t默认值：1\t更新方式\n\
        响应参数\n\
        名称\t类型\t示例值\t描述\n\
        widget\tWidget\t\t更新后的部件\n";
    let i = import_doc(text, None).unwrap();
    let p = expect_params(
        "widget",
        &i.api.params,
        &[("widget_id", Integer, true), ("mode", Integer, false)],
    );
    assert_eq!(p["mode"].description.zh, "更新方式");
    assert!(
        !i.notes.iter().any(|n| n.message.zh.contains("没有参数名")),
        "{:?}",
        i.notes
    );
    let r = paths(std::slice::from_ref(&i.api.response));
    assert_eq!(r["widget_stock_update_response.widget"].ty, Object);
    // The same with the heading in English and the cells kept between pipes.
    let piped = text
        .replace("响应参数", "Response parameters")
        .replace('\t', " | ");
    let i = import_doc(&piped, None).unwrap();
    let names: Vec<&str> = i.api.params.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["widget_id", "mode"]);
    assert_eq!(i.api.params[1].description.zh, "更新方式");
}

/// `1为全量更新` in a description gives the value 1 labelled 全量更新, not 为全量更新, and
/// the default named by its label (默认为全量更新) is found.
#[test]
fn glued_enum_labels_lose_the_linking_word() {
    let text = "taobao.widget.stock.update (部件库存修改)\n\
        请求参数\n\
        名称\t类型\t是否必须\t示例值\t更多限制\t描述\n\
        widget_id\tNumber\t必须\t100\t\t部件ID\n\
        mode\tNumber\t可选\t1\t\t更新方式，可选。1为全量更新，2为增量更新。不填默认为全量更新\n";
    let i = import_doc(text, None).unwrap();
    let mode = &i.api.params[1];
    assert_eq!(mode.ty, Enum);
    assert_eq!(values(mode), ["1", "2"]);
    let labels: Vec<&str> = mode.values.iter().map(|v| v.label.zh.as_str()).collect();
    assert_eq!(labels, ["全量更新", "增量更新"]);
    assert_eq!(mode.default, Some(json!(1)));
}

/// A page written by hand: the method as a title, then its parameter table with no
/// 请求参数 heading. The one table is the request's; with two such tables the refusal says
/// which heading is wanted.
#[test]
fn a_lone_parameter_table_without_a_heading_is_the_request() {
    let text = "## taobao.widget.list.get\n\n\
        | 名称 | 类型 | 是否必须 | 描述 |\n\
        | --- | --- | --- | --- |\n\
        | fields | String | 必须 | 返回的字段 |\n\
        | page_no | Number | 可选 | 页码 |\n";
    let i = import_doc(text, None).unwrap();
    expect_params(
        "lone table",
        &i.api.params,
        &[("fields", STR, true), ("page_no", Integer, false)],
    );
    let two = format!(
        "{text}\n| 名称 | 类型 | 描述 |\n| --- | --- | --- |\n| widgets | Widget[] | 部件 |\n"
    );
    let e = import_doc(&two, None).unwrap_err();
    assert_eq!(
        e,
        ImportDocError::NoRequestTable {
            vendor: Vendor::Taobao
        }
    );
    assert!(e.to_string().contains("request parameters heading"), "{e}");
    assert!(
        e.message_zh().contains("「请求参数」标题"),
        "{}",
        e.message_zh()
    );
    // With the headings, the table under 请求参数 is the request's.
    let headed = two.replacen("\n\n", "\n\n### 请求参数\n\n", 1).replacen(
        "\n\n| 名称 | 类型 | 描述",
        "\n\n### 响应参数\n\n| 名称 | 类型 | 描述",
        1,
    );
    let i = import_doc(&headed, None).unwrap();
    let names: Vec<&str> = i.api.params.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["fields", "page_no"]);
}

#[test]
fn a_written_definition_the_gateway_would_refuse_is_named_before_it_is_saved() {
    use catalog::AdoptError;
    let i = import("kingdee-bom-list.md");
    assert_eq!(catalog::check_written(&i.api), Ok(()));
    let mut bad = i.api.clone();
    bad.http_method = "FETCH".into();
    let e = catalog::check_written(&bad).unwrap_err();
    assert!(matches!(e, AdoptError::BadHttpMethod { .. }), "{e}");
    assert!(e.to_string().contains("GET, POST"), "{e}");
    let mut bad = i.api.clone();
    bad.path = Some("/api/bd/bom".into());
    let e = catalog::check_written(&bad).unwrap_err();
    assert!(e.to_string().contains("/jdy/v2/"), "{e}");
    assert!(
        countersign_core::Localise::zh(&e).contains("/jdy/v2/"),
        "{e}"
    );
    // The app-token calls live elsewhere and are fine.
    let mut token = i.api.clone();
    token.path = Some(countersign_core::kingdee::TOKEN.into());
    assert_eq!(catalog::check_written(&token), Ok(()));
    let mut twice = i.api.clone();
    twice.params.push(twice.params[0].clone());
    let e = catalog::check_written(&twice).unwrap_err();
    assert_eq!(
        e,
        AdoptError::DuplicateParam {
            name: twice.params[0].name.clone()
        }
    );
}

/// What "Export catalog file" writes for an imported API goes back in through the same
/// box as a doc page: the entry as it was, or a message naming what is wrong with it.
#[test]
fn a_catalog_file_imports_back_as_written() {
    let i = import("kingdee-bom-list.md");
    let file = serde_json::to_string_pretty(&i.api).unwrap();
    let back = import_doc(&file, None).unwrap();
    // (The vendor's envelope is filled in when the entry is read.)
    let (a, b) = (&back.api, &i.api);
    assert_eq!(
        (&a.id, &a.name, &a.path, &a.http_method),
        (&b.id, &b.name, &b.path, &b.http_method)
    );
    assert_eq!(
        (&a.params, &a.response, &a.errors),
        (&b.params, &b.response, &b.errors)
    );
    assert_eq!(back.notes.len(), 1, "{:?}", back.notes);
    assert!(back.notes[0].message.en.contains("catalog file"));
    // Given as another vendor's: named for what it is.
    assert_eq!(
        import_doc(&file, Some(Vendor::Wdt)).unwrap_err(),
        ImportDocError::VendorMismatch {
            given: Vendor::Wdt,
            found: Vendor::Kingdee
        }
    );
    // Not an entry: serde names the field; an entry the gateway would refuse: said why.
    let e = import_doc(&file.replace("\"http_method\"", "\"verb\""), None).unwrap_err();
    assert!(
        matches!(e, ImportDocError::NotACatalogEntry { .. }),
        "{e:?}"
    );
    assert!(e.to_string().contains("http_method"), "{e}");
    let e = import_doc(&file.replace("\"GET\"", "\"FETCH\""), None).unwrap_err();
    assert!(e.to_string().contains("FETCH"), "{e}");
    assert!(e.message_zh().contains("FETCH"), "{}", e.message_zh());
}

/// A 旺店通 page whose business table is followed by the argument's child table and then a
/// second parameter table (paging) under a heading of its own: the child table is used
/// for its field, and no note says it was ignored.
#[test]
fn wdt_child_table_used_by_the_first_request_table_is_not_noted_as_ignored() {
    let text = "sales.WidgetDemo.queryByTime （部件查询）\n\
        \n\
        3.2 公共请求参数\n\
        名称\t字段\t类型\t长度\t必须\t描述\n\
        卖家账号\tsid\tString\tY\t卖家账号\n\
        盐\tsalt\tString\tY\t盐\n\
        \n\
        3.3 业务请求参数\n\
        名称\t字段\t类型\t长度\t必须\t描述\n\
        条件\tcond\tMap<String, Object>\tY\t条件\n\
        \n\
        cond\n\
        名称\t字段\t类型\t长度\t必须\t描述\n\
        起\tfrom_time\tString\t19\tY\t起点时间\n\
        颜色\tcolour\tString\t8\tN\t部件颜色\n\
        \n\
        3.4 其他参数\n\
        名称\t字段\t类型\t长度\t必须\t描述\n\
        上限\tlimit_n\tint\t4\tN\t最多返回多少\n";
    let i = import_doc(text, None).unwrap();
    let p = paths(&i.api.params);
    assert!(p.contains_key("cond.from_time"), "{:?}", p.keys());
    assert!(p.contains_key("limit_n"), "{:?}", p.keys());
    assert!(
        !i.notes
            .iter()
            .any(|n| n.kind == NoteKind::Ignored && n.path == "cond"),
        "{:#?}",
        i.notes
    );
    // A child table that really belongs to no field is still named.
    let orphan = text.replace("\ncond\n", "\nnobody\n");
    let i = import_doc(&orphan, None).unwrap();
    let ignored: Vec<&str> = i
        .notes
        .iter()
        .filter(|n| n.kind == NoteKind::Ignored)
        .map(|n| n.path.as_str())
        .collect();
    assert_eq!(
        ignored.iter().filter(|p| **p == "nobody").count(),
        1,
        "{:#?}",
        i.notes
    );
}

/// A Kingdee page as a browser copies a two-column layout: each label (请求方式,
/// 请求地址, 接口描述) on a line of its own and its value on the next. The values are
/// read as if they shared the line; a label followed by nothing usable is still refused,
/// and the refusal says what it looked for.
#[test]
fn kingdee_labels_with_their_values_on_the_next_line() {
    let text = "部件清单\n\
        接口描述\n\
        分页列出部件，可按名称查找。\n\
        请求方式\n\
        POST\n\
        请求地址\n\
        https://api.kingdee.com/jdy/v2/bd/widget_list\n\
        请求参数\n\
        参数名\t类型\t是否必填\t说明\t示例\n\
        keyword\tString\t否\t名称关键字\t螺丝\n\
        page\tInteger\t是\t页码\t1\n";
    let i = import_doc(text, None).unwrap();
    assert_eq!(i.api.path.as_deref(), Some("/jdy/v2/bd/widget_list"));
    assert_eq!(i.api.http_method, "POST");
    assert_eq!(i.api.summary.zh, "分页列出部件，可按名称查找。");
    // The label with a colon and nothing after it reads the same.
    let colon = text
        .replace("请求地址\n", "请求地址：\n")
        .replace("请求方式\n", "请求方式:\n");
    let i = import_doc(&colon, None).unwrap();
    assert_eq!(i.api.path.as_deref(), Some("/jdy/v2/bd/widget_list"));
    assert_eq!(i.api.http_method, "POST");
    // The value line is no parameter table's title and no parameter.
    let names: Vec<&str> = i.api.params.iter().map(|f| f.name.as_str()).collect();
    assert_eq!(names, ["keyword", "page"]);

    // Without the URL the page is refused, and the message says what is looked for.
    let e = import_doc(
        &text.replace("https://api.kingdee.com/jdy/v2/bd/widget_list\n", ""),
        Some(Vendor::Kingdee),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            ImportDocError::NoEndpoint {
                vendor: Vendor::Kingdee,
                ..
            }
        ),
        "{e:?}"
    );
    assert!(e.to_string().contains("请求地址"), "{e}");
    assert!(e.to_string().contains("/jdy/v2/"), "{e}");
    assert!(e.message_zh().contains("请求地址"), "{}", e.message_zh());
    assert!(e.message_zh().contains("/jdy/v2/"), "{}", e.message_zh());
}

/// A page without Markdown headings: its first line is the title. It names the API (so a
/// search for 部件 finds it), in both languages as for the other vendors' imports, and
/// the summary falls back to it, not to the path.
#[test]
fn kingdee_copy_without_headings_is_named_by_its_first_line() {
    let text = "部件清单\n\
        请求方式：POST\n\
        请求地址：https://api.kingdee.com/jdy/v2/bd/widget_list\n\
        请求参数\n\
        参数名\t类型\t是否必填\t说明\t示例\n\
        page\tInteger\t是\t页码\t1\n";
    let i = import_doc(text, None).unwrap();
    assert_eq!(i.api.name.zh, "部件清单");
    assert_eq!(i.api.name.en, "部件清单");
    assert_eq!(i.api.summary.zh, "部件清单");
    assert!(catalog::matches_search(&i.api, "部件"));
    // A first line that is no title (a label, a path, a breadcrumb) names nothing.
    for first in [
        "请求方式：POST",
        "https://api.kingdee.com/jdy/v2/bd/widget_list",
        "API文档 > 基础资料",
    ] {
        let t = text.replacen("部件清单", first, 1);
        let i = import_doc(&t, None).unwrap();
        assert_eq!(i.api.name.zh, "/jdy/v2/bd/widget_list", "{first}");
    }
}

const WIDGET_GET: &str = "部件清单\n\
    请求方式：GET\n\
    请求地址：https://api.kingdee.com/jdy/v2/bd/widget_list\n\
    请求参数\n\
    参数名\t类型\t是否必填\t说明\t示例\n\
    keyword\tString\t否\t名称关键字\t螺丝\n\
    ids\tarray\t否\t部件id\t\n\
    page\tInteger\t是\t页码\t1\n\
    page_size\tInteger\t是\t每页条数\t20\n";

/// What the builder gives the signer for `doc`, with these credentials.
fn built_with(api: &catalog::Api, doc: &Value, creds: &Value) -> Value {
    catalog::build_sign_input(
        api,
        doc,
        creds,
        Some(1_700_000_000_000),
        &Default::default(),
    )
    .unwrap()
}

/// The same for a 旺店通 `doc`.
fn built_wdt(api: &catalog::Api, doc: &Value) -> Value {
    built_with(
        api,
        doc,
        &json!({"sid": "s", "app_key": "k", "app_secret": "a:b"}),
    )
}

/// The same for a Kingdee `doc`.
fn built(api: &catalog::Api, doc: &Value) -> Value {
    built_with(
        api,
        doc,
        &json!({"client_id": "1", "client_secret": "s", "app_token": "t"}),
    )
}

/// A Kingdee GET page with one 请求参数 table that does not say where its parameters go:
/// a GET has no body, so they are query parameters, and the request carries them in its
/// URL (before, they went into a body the browser never sends). A POST page keeps them in
/// the body; a GET page that puts them under a body heading gets them in the query too,
/// and the notes say so.
#[test]
fn kingdee_get_page_parameters_go_in_the_query() {
    let i = import_doc(WIDGET_GET, None).unwrap();
    assert_eq!(i.api.http_method, "GET");
    for f in &i.api.params {
        assert_eq!(f.location, Some(Location::Query), "{}", f.name);
    }
    assert_eq!(i.api.params[1].style, Some(catalog::ArrayStyle::Csv));
    assert!(
        i.notes
            .iter()
            .any(|n| n.kind == NoteKind::Inferred && n.path == "http_method"),
        "{:#?}",
        i.notes
    );
    let input = built(
        &i.api,
        &json!({"page": 2, "page_size": 20, "keyword": "螺丝", "ids": ["a", "b"]}),
    );
    assert_eq!(
        input["query"],
        json!({"page": "2", "page_size": "20", "keyword": "螺丝", "ids": "a,b"})
    );
    assert!(input.get("body").is_none(), "{input}");
    let file = serde_json::to_value(&i.api).unwrap();
    assert_eq!(
        file["params"][0]["in"], "query",
        "the catalog file says where"
    );

    let post = import_doc(&WIDGET_GET.replace("GET", "POST"), None).unwrap();
    assert!(post.api.params.iter().all(|f| f.location.is_none()));
    let input = built(&post.api, &json!({"page": 2}));
    assert_eq!(input["body"], r#"{"page":2}"#);

    let said_body = WIDGET_GET.replace("请求参数", "body参数");
    let i = import_doc(&said_body, None).unwrap();
    assert!(i
        .api
        .params
        .iter()
        .all(|f| f.location == Some(Location::Query)));
    let note = i
        .notes
        .iter()
        .find(|n| n.path == "http_method")
        .expect("a note on the moved parameters");
    assert!(note.message.en.contains("body"), "{}", note.message.en);
    assert_eq!(catalog::check_written(&i.api), Ok(()));
}

/// A definition with parameters on a GET that are not marked `in: query` (an import saved
/// before GET parameters went in the query, a hand-written entry): a GET sends no body,
/// so its unmarked parameters go in the query rather than into a body nobody sends. One
/// that marks a GET's parameter `in: body` is refused when written, naming the field.
#[test]
fn a_get_definition_never_sends_its_parameters_in_a_body() {
    let mut api = import_doc(WIDGET_GET, None).unwrap().api;
    for f in &mut api.params {
        f.location = None;
        f.style = None;
    }
    assert_eq!(catalog::check_written(&api), Ok(()));
    let input = built(&api, &json!({"page": 1, "page_size": 20}));
    assert_eq!(input["query"], json!({"page": "1", "page_size": "20"}));
    assert!(input.get("body").is_none(), "{input}");

    api.params[2].location = Some(Location::Body);
    let e = catalog::check_written(&api).unwrap_err();
    assert_eq!(
        e,
        catalog::AdoptError::BodyOnGet {
            name: "page".into(),
            http_method: "GET".into()
        }
    );
    assert!(e.to_string().contains("`page`"), "{e}");
    assert!(e.to_string().contains("in: query"), "{e}");
    let zh = countersign_core::Localise::zh(&e);
    assert!(zh.contains("`page`") && zh.contains("请求体"), "{zh}");
    // Kept from before (only adopted): still sent, in the query, not dropped.
    let input = built(&api, &json!({"page": 1, "page_size": 20}));
    assert_eq!(input["query"], json!({"page": "1", "page_size": "20"}));
    assert!(input.get("body").is_none(), "{input}");
    // A POST may mark its parameters `in: body`.
    api.http_method = "POST".into();
    assert_eq!(catalog::check_written(&api), Ok(()));
}

/// A 旺店通 page that lists its paging in a table of its own (分页参数), beside the
/// method's arguments: page_size and page_no are the URL's paging, so they join a
/// `pager` and stay out of the body's positional arguments.
#[test]
fn wdt_paging_table_of_its_own_goes_to_the_url() {
    let page = "订单类\n\nsales.Demo.queryOrders （订单查询）\n\n\
        业务请求参数\n\n名称\t字段\t类型\t长度\t必须\t描述\n\
        查询条件\tparams\tMap<String, Object>\t\tY\t查询条件\n\n\
        params\n名称\t字段\t类型\t长度\t必须\t描述\n\
        开始时间\tstart_time\tString\t19\tY\t修改时间起\n\n\
        分页参数\n名称\t字段\t类型\t长度\t必须\t描述\n\
        分页大小\tpage_size\tint\t4\tY\t每页条数\n\
        页号\tpage_no\tint\t4\tN\t从 0 开始\n";
    let i = import_doc(page, Some(Vendor::Wdt)).unwrap();
    let api = &i.api;
    assert_eq!(api.positional, ["params"]);
    let p = paths(&api.params);
    assert!(
        p.contains_key("pager.page_size") && p.contains_key("pager.page_no"),
        "{:?}",
        p.keys()
    );
    assert!(!p.contains_key("page_size"), "{:?}", p.keys());
    let doc = json!({"params": {"start_time": "2026-01-01 00:00:00"}, "pager": {"page_size": 20, "page_no": 1}});
    let input = built_wdt(api, &doc);
    assert_eq!(input["body"], r#"[{"start_time":"2026-01-01 00:00:00"}]"#);
    assert_eq!(input["page"]["page_size"], 20);
    assert_eq!(input["page"]["page_no"], 1);
}

/// A page with no request example but a 示例 column: the API's example (what "Fill with
/// doc example" gives) holds every required field from its own example, so it passes its
/// own required-field check.
#[test]
fn the_doc_example_holds_the_required_fields_from_the_sample_column() {
    let api = import_doc(WIDGET_GET, None).unwrap().api;
    assert_eq!(api.example["page"], json!(1));
    assert_eq!(api.example["page_size"], json!(20));
    let findings = catalog::validate(&api, &api.example);
    assert!(findings.is_empty(), "{findings:?}");
}
