//! Every string of the UI, in 中文 and English. Views never hold literals: they ask
//! `T::Key.get(lang)`; `{name}` placeholders are filled with [`fill`].

/// One `Lang` for core and app: the catalog's texts, the core's errors and these strings.
pub use countersign_core::Lang;

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        // A table: some entries serve views that other issues bring.
        #[allow(dead_code)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum T { $($key),* }

        impl T {
            #[allow(dead_code)]
            pub const ALL: &'static [T] = &[$(T::$key),*];

            pub fn get(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $((T::$key, Lang::Zh) => $zh, (T::$key, Lang::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    // Header
    Tagline => "签名 · 发送 · 看懂", "sign · send · understand";
    Environment => "环境", "Environment";
    EnvMock => "模拟", "Mock";
    EnvSandbox => "沙箱", "Sandbox";
    EnvTest => "测试", "Test";
    EnvProduction => "正式", "Production";
    Credentials => "凭证", "Credentials";
    CredentialsSet => "凭证已填写", "Credentials complete";
    CredentialsMissing => "凭证不完整", "Credentials incomplete";
    History => "历史", "History";
    CheckSignature => "核对签名", "Check signature";
    Settings => "设置", "Settings";
    Presenter => "演示模式", "Presenter mode";
    PresenterHint => "演示模式：放大字体、隐藏侧栏（F8 或 Ctrl+Shift+P；Ctrl+K 打开 API 列表）", "Presenter mode: larger text, sidebar hidden (F8 or Ctrl+Shift+P; Ctrl+K opens the API list)";
    PresenterApis => "☰ API", "☰ APIs";
    PresenterApisHint => "打开 API 列表并搜索（Ctrl+K），选中后回到演示", "Open the API list and search it (Ctrl+K); picking one returns to the presentation";
    LangSwitchHint => "切换语言 / Switch language", "切换语言 / Switch language";
    ComingSoon => "此视图即将推出。", "This view is coming soon.";
    Back => "返回", "Back";
    Close => "关闭", "Close";
    // Sidebar
    Search => "搜索接口 Ctrl+K", "Search APIs  Ctrl+K";
    SearchHint => "按中文名、英文名、方法名或路径搜索", "By Chinese or English name, method or path";
    SearchShort => "搜索", "Search";
    NoMatch => "没有匹配的接口", "No API matches";
    NoCatalogMatch => "目录中没有匹配的接口：用上面的自定义请求调用。", "No API in the catalog matches: call it with a custom request above.";
    CatalogLoading => "接口目录加载中…", "Loading the API catalog…";
    CatalogEmpty => "接口目录为空", "The API catalog is empty";
    CatalogFailed => "接口目录无法加载：{error}", "The API catalog could not be loaded: {error}";
    // Custom requests (any method or path)
    CustomRequests => "自定义请求", "Custom request";
    CustomAnyMethod => "任意方法", "any method";
    CustomAnyPath => "任意路径 /jdy/v2/…", "any path /jdy/v2/…";
    CustomTaobaoHint => "系统参数由签名程序填写：sign_method、partner_id、simplify 在下方签名面板中设置，session 取自凭证。", "The signer writes the system parameters: sign_method, partner_id and simplify are set in the signature panel below, session comes from the credentials.";
    CustomWdtHint => "sid、appkey、salt、timestamp 等公共参数由签名程序填写；分页查询接口再填分页参数。", "The signer writes the common parameters (sid, appkey, salt, timestamp…); listing APIs also take the paging parameters.";
    CustomKingdeeHint => "签名头由签名程序填写；app-token 与 X-GW-Router-Addr（IDC 域名）取自凭证，与目录中的接口相同。", "The signer writes the signature headers; app-token and X-GW-Router-Addr (the IDC domain) come from the credentials, as for catalog APIs.";
    CustomInCatalog => "目录中有此接口的完整表单：{api}", "The catalog has a full form for this API: {api}";
    CustomOpenForm => "打开表单", "Open its form";
    CustomCall => "调用 {endpoint}", "call {endpoint}";
    RowName => "名称", "name";
    RowValue => "值", "value";
    AddParam => "添加参数", "Add parameter";
    NoParamsYet => "还没有参数", "No parameters yet";
    RowNoName => "这一行没有名称，不会发送", "This row has no name: it is not sent";
    RowDuplicate => "参数 {name} 重复：同名参数只能发送一次，请删除或改名其中一行（修正前不会发送）", "{name} is used twice: a parameter is sent once; remove or rename one of the rows (nothing is sent until then)";
    NotSentRowDuplicate => "未发送：参数 {name} 出现在两行中；删除或改名其中一行后再发送", "Not sent: the parameter {name} is in two rows; remove or rename one, then send";
    SignatureRowHeld => "参数 {name} 重复：下面的签名不含重复的那一行", "{name} is used twice: the signature below leaves the repeated row out";
    FormatJson => "整理格式", "Format";
    // Builder
    Form => "表单", "Form";
    RawJson => "JSON", "JSON";
    FillExample => "填入文档示例", "Fill with doc example";
    FillCustomExample => "填入示例", "Fill with an example";
    SplitterHint => "拖动以调整表单与签名面板的大小（↑/↓ 键亦可，双击复原）", "Drag to resize the form and the signature panel (↑/↓ keys too; double-click resets)";
    PanelCollapse => "收起", "Collapse";
    PanelExpand => "展开", "Expand";
    SummaryValid => "签名成功，校验通过", "signed, valid";
    RequiredOnly => "仅必填", "Required only";
    FieldSearch => "查找字段…", "Find a field…";
    FieldsShown => "显示 {n} / {total} 个字段", "{n} of {total} fields shown";
    BackToRequest => "返回请求", "Back to the request";
    RequestView => "请求", "Request";
    MissingCreds => "缺少 {names}", "Missing {names}";
    TokenExpired => "app-token 已过期", "app-token expired";
    PinShiftNow => "现在", "now";
    Minutes => "分钟", "min";
    PinShiftHint => "以本机时钟为准固定时间戳（按该厂商的格式）", "Pin the timestamp relative to this machine's clock (in the vendor's format)";
    PinPickerHint => "输入北京时间（GMT+8），如 2026-12-01 20:15:00，回车后按供应商的格式固定时间戳", "Type a Beijing time (GMT+8), such as 2026-12-01 20:15:00, and press Enter to pin it in the vendor's format";
    BeijingTimeLabel => "北京时间", "Beijing time";
    CredStrayCharacter => "第 {at} 个字符是空格或不可见字符（{code}）：凭证中不会有，多半是复制时带入的，网关会当作错误的凭证。", "Character {at} is a space or an invisible character ({code}): credentials have none, it most likely came with the copy, and the gateway will call the credential wrong.";
    NoSuchTime => "没有这个时间：{time}（请核对当月天数，小时为 00–23，分、秒为 00–59）", "No such date or time: {time} (check the days in that month; hours run 00–23, minutes and seconds 00–59)";
    DatePicker => "从日历中选择（写入左侧文本框）", "Pick from a calendar (writes the box beside it)";
    PinPickerInvalid => "北京时间无法识别：请写成 2026-12-01 20:15:00（可省略秒）", "Beijing time not understood: write it as 2026-12-01 20:15:00 (the seconds may be left out)";
    InspMockSecretCause => "凭证中的密钥不是 {mock} 公开的演示值：模拟服务用演示密钥核对，所以拒绝了这个请求（用该密钥签名，或带有由它得出的值）。请求由本工具生成，编码和顺序都没有问题。", "A secret in the credentials is not {mock}'s published demo value: the mock checks with the demo secret, so it refused this request (signed with that secret, or carrying a value made from it). The app built this request, so its encoding and order are right.";
    InspAboutMock => "在模拟环境中", "In Mock";
    InspAtRealGateway => "在真实网关，此错误码还可能意味着", "At the real gateway, this code can also mean";
    InspMockSecretNamed => "凭证中的 {names} 不是 {mock} 公开的演示值：模拟服务用演示密钥核对，所以拒绝了这个请求（用该密钥签名，或带有由它得出的值）。请求由本工具生成，编码和顺序都没有问题。", "Not {mock}'s published demo value in the credentials: {names}. The mock checks with the demo secret, so it refused this request (signed with that secret, or carrying a value made from it). The app built this request, so its encoding and order are right.";
    InspMockSecretFix => "打开“凭证”，点“恢复演示凭证”。", "Open Credentials and click Reset to demo credentials.";
    InspPinnedFarCause => "时间戳已在签名面板中固定为 {sent}，{vendor}读作 {date}（北京时间），与本机时钟相差 {skew}：可能不是{vendor}所用的时间戳格式或单位（例如另一家的格式），请核对。", "The timestamp is pinned to {sent} in the signature panel, which {vendor} reads as {date} (Beijing time), {skew} from this clock: probably not in the format or unit {vendor} uses (another vendor's, say).";
    InspPinnedCause => "时间戳已在签名面板中固定为 {sent}，与本机时钟相差 {skew}，超出网关允许的 ±{window}：不是时钟或纪元的问题。", "The timestamp is pinned to {sent} in the signature panel, {skew} from this clock, outside the gateway's ±{window}: not a clock or epoch problem.";
    InspUnitSeconds => "固定的时间戳 {sent} 像是以秒计：{vendor}把数字读作毫秒（13 位），所以它落在 1970 年，远在 ±{window} 之外。", "The pinned timestamp {sent} looks like seconds: {vendor} reads a number as milliseconds (13 digits), so it falls in 1970, far outside ±{window}.";
    InspUnitUnixSeconds => "固定的时间戳 {sent} 像是从 1970 年起的秒数：旺店通读的是从 2012-01-01 起的秒数（再减去 1325347200）。", "The pinned timestamp {sent} looks like seconds since 1970: Wangdiantong reads seconds since 2012-01-01 (subtract 1325347200).";
    InspUnitMilliseconds => "固定的时间戳 {sent} 像是毫秒：旺店通读的是从 2012-01-01 起的秒数。", "The pinned timestamp {sent} looks like milliseconds: Wangdiantong reads seconds since 2012-01-01.";
    InspUnitFix => "用时间戳旁的“现在”“−5 分钟”等按钮固定（它们写出正确的单位），或取消固定（✕）。", "Pin it with the now or −5 min buttons beside it (they write the vendor's unit), or unpin it (✕).";
    InspPinnedUnread => "固定的时间戳 {sent} 不是{vendor}的时间戳格式，网关读不出它。按它说的时间，线上应写作 {meant}。", "The pinned timestamp {sent} is not in {vendor}'s timestamp format, so the gateway cannot read it. For the time it names, the wire wants {meant}.";
    InspPinnedUnreadFix => "在签名面板点“改为 {meant}”，或用“现在”“−5 分钟”等按钮固定（它们写出正确格式）。", "Click Pin as {meant} in the signature panel, or pin with the now or −5 min buttons (they write the right format).";
    InspPinnedFix => "取消固定（时间戳旁的 ✕）以使用实时时钟，或固定在允许范围内的时间。", "Unpin it (✕ beside the timestamp) to sign with the live clock, or pin a time inside the window.";
    JsonCompact => "紧凑（compact）", "compact";
    JsonPhp => "PHP json_encode（\\uXXXX、\\/）", "PHP json_encode (\\uXXXX, \\/)";
    MockTag => "模拟", "mock";
    UseToken => "使用此 app-token", "Use this token";
    UseGrant => "使用这些凭证（app_key、app_secret、domain）", "Use these credentials (app_key, app_secret, domain)";
    UsedInCredentials => "已填入凭证 ✓", "Filled into the credentials ✓";
    FmtInteger => "整数", "integer";
    FmtDecimal => "小数", "decimal";
    FmtJson => "JSON 文本", "JSON text";
    FmtCsv => "逗号分隔", "comma-separated";
    // An input's hint, so it cannot be taken for a value already filled in.
    ExamplePlaceholder => "例：{v}", "e.g. {v}";
    Clear => "清空", "Clear";
    Required => "必填", "required";
    AddRow => "添加一行", "Add row";
    RemoveRow => "删除此行", "Remove row";
    DuplicateRow => "复制此行", "Duplicate row";
    Rows => "行", "rows";
    NoRows => "暂无数据行，不发送", "No rows: not sent";
    NoRowsSentEmpty => "暂无数据行，以空列表 [] 发送", "No rows: sent as an empty list []";
    Unset => "未设置", "unset";
    True => "是", "true";
    False => "否", "false";
    Example => "示例", "example";
    MaxLength => "最大长度", "max length";
    MaxItems => "最多条数", "max items";
    Minimum => "最小值", "at least";
    Maximum => "最大值", "at most";
    Fixed => "固定值", "fixed value";
    JsonInvalid => "JSON 无效", "Invalid JSON";
    JsonLineCol => "第 {line} 行，第 {column} 列", "line {line}, column {column}";
    JsonKept => "文本已保留；修正后表单会随之更新。", "Your text is kept; the form follows once it parses.";
    NotSentUnsigned => "未发送：请求无法签名：{reason}", "Not sent: the request cannot be signed: {reason}";
    NotSentJsonInvalid => "未发送：JSON 在第 {line} 行第 {column} 列有错误，修正后再发送", "Not sent: the JSON has an error at line {line}, column {column}; fix it, then send";
    JsonValid => "JSON 有效，表单已同步", "Valid JSON, form in sync";
    JsonNotObject => "JSON 有效，但不是对象：表单和签名需要 { … }", "Valid JSON, but no object: the form and the signature need { … }";
    FormLocked => "JSON 标签页里有未能解析的文本；表单暂停编辑，以免覆盖它。", "The JSON tab holds text that does not parse; the form is locked so that it cannot overwrite it.";
    FixInJson => "去 JSON 修正", "Fix it in JSON";
    DiscardJson => "丢弃该文本", "Discard that text";
    NoApi => "从左侧选择一个接口开始。", "Pick an API on the left to start.";
    NoParams => "此接口没有业务参数。", "This API has no business parameters.";
    DocLink => "接口文档", "API doc";
    ItemsOf => "{n} 项", "{n} items";
    ItemOf => "{n} 项", "{n} item";
    ScalarListHint => "每行一个值", "one value per line";
    Errors => "{n} 个错误", "{n} errors";
    ErrorOne => "{n} 个错误", "{n} error";
    Warnings => "{n} 个警告", "{n} warnings";
    WarningOne => "{n} 个警告", "{n} warning";
    FindingsTitle => "校验结果（点击定位到字段）", "Validation findings (click to go to the field)";
    FindingInferred => "推断", "ours";
    // Imported APIs (from a vendor doc page)
    ImportedTitle => "导入的接口", "Imported";
    ImportedEdit => "以 JSON 编辑", "Edit as JSON";
    ImportedDelete => "删除此导入的接口", "Delete this imported API";
    ImportDocReplaces => "已有 id 为 {id} 的导入接口（{api}）：保存会替换它，包括对它的修改。", "An imported API with id {id} exists ({api}): saving replaces it, edits included.";
    ImportDocReplaced => "已替换导入的接口：{api}", "Replaced the imported API: {api}";
    ImportedDeleted => "已删除导入的接口：{api}", "Deleted the imported API: {api}";
    ImportedExport => "导出为目录文件", "Export as a catalog file";
    ImportedInvalid => "无法保存：{msg}", "Cannot save: {msg}";
    RouteUnknownView => "地址中的 `/{part}` 不是这里的页面：已打开该接口的请求", "The address part `/{part}` names no page here: the API's request is open instead";
    RouteUnknownApi => "地址中的 `{id}` 不是这里的接口（拼写有误、链接过时，或导入的接口已删除）：地址已改为屏幕上的接口", "The address named `{id}`, which is no API here (a typo, an old link, or an import deleted since): it now names the API on screen";
    ImportDocOpen => "＋ 从文档页添加接口", "+ Add API from doc page";
    ImportDocTitle => "从文档页添加接口", "Add API from doc page";
    ImportDocHint => "粘贴淘宝、旺店通或金蝶的接口文档页（Markdown 或从浏览器复制的文字），或本工具导出的目录文件。", "Paste a Taobao, Wangdiantong or Kingdee API doc page (its Markdown, or the text a browser copy gives), or a catalog file exported here.";
    ImportDocVendor => "厂商", "Vendor";
    ImportDocDetect => "自动识别", "Detect";
    ImportDocPaste => "在此粘贴文档页", "Paste the doc page here";
    ImportDocParsed => "{vendor}：{name}（{endpoint}）", "{vendor}: {name} ({endpoint})";
    ImportDocRequired => "必填", "required";
    ImportDocInferred => "推断", "inferred";
    ImportDocIgnored => "忽略", "ignored";
    ImportDocSave => "保存", "Save";
    FindingInferredHint => "文档只写了字符串，这条规则是本工具的推断：只作提示，网关可能接受", "The doc only says string; this rule is our inference: a warning only, the gateway may accept the value";
    ValidationClean => "校验通过", "Valid";
    // Send
    Send => "发送", "Send";
    SendShortcut => "Ctrl/⌘+Enter 发送", "Ctrl/⌘+Enter to send";
    Sending => "发送中…", "Sending…";
    Cancel => "取消", "Cancel";
    SendAnyway => "仍然发送", "Send anyway";
    SendBlocked => "有 {n} 个校验错误。仍要发送吗？（用于复现有问题的调用）", "{n} validation errors. Send anyway? (to reproduce a broken call)";
    SendBlockedMore => "……另有 {n} 个，见页签旁的校验列表", "…and {n} more, in the list beside the tabs";
    SendBlockedOne => "有 {n} 个校验错误。仍要发送吗？（用于复现有问题的调用）", "{n} validation error. Send anyway? (to reproduce a broken call)";
    CannotSign => "无法签名：{msg}", "Cannot sign: {msg}";
    // Signature panel
    Signature => "签名", "Signature";
    Live => "实时", "live";
    SignaturePinned => "时间戳已固定", "timestamp pinned";
    SignaturePinnedBoth => "时间戳和 nonce 已固定", "timestamp and nonce pinned";
    SignatureNotSigned => "未签名：原因见下", "not signed: see why below";
    SignatureStale => "JSON 无效：下面是上次有效文档的签名", "Invalid JSON: below is the last valid document's signature";
    StringToSign => "待签名字符串", "String to sign";
    Algorithm => "算法", "Algorithm";
    AlgorithmS => "S 为上方的待签名字符串", "S is the string to sign above";
    UpperHex => "大写十六进制", "upper-hex";
    LowerHex => "小写十六进制", "lower-hex";
    HmacKey => "密钥", "key";
    SignValue => "签名值", "Signature";
    Wire => "实际请求", "Wire request";
    Method => "方法", "Method";
    Url => "URL", "URL";
    Headers => "请求头", "Headers";
    Body => "请求体", "Body";
    Copy => "复制", "Copy";
    Copied => "已复制", "Copied";
    CopyCurl => "复制 cURL（隐去密钥）", "Copy cURL (secrets hidden)";
    CopyCurlSecrets => "含密钥", "with secrets";
    CopyNameSignature => "复制签名", "Copy the signature";
    CopyNameStringToSign => "复制待签名字符串", "Copy the string to sign";
    CopyNameUrl => "复制 URL", "Copy the URL";
    CopyNameHeaders => "复制请求头", "Copy the headers";
    CopyNameBody => "复制请求体", "Copy the body";
    CopyNameCurlSecrets => "复制含密钥的 cURL 命令", "Copy the cURL command with secrets";
    RelayedTo => "经中转发往", "Relayed to";
    RelayedToMock => "由本服务器的模拟网关应答；不会发往上面的厂商地址（真实请求才用它，签名不变）", "answered by this server's mock gateway; nothing goes to the vendor address above, which only a real request uses (the signature is the same)";
    WireBodyPart => "…… 另有 {size} 未显示（复制时为完整正文）", "… {size} more not shown (Copy gives the whole body)";
    PartMore => "…… 另有 {size} 未显示（复制待签名字符串时为完整内容）", "… {size} more not shown (Copy gives the whole string to sign)";
    WireBodyAll => "完整正文，共 {size}", "Whole body, {size}";
    WireBodyShowAll => "显示全部", "Show all";
    WireBodyLess => "只显示开头", "Show the start only";
    PinTimestamp => "固定时间戳", "Pin timestamp";
    PinNonce => "固定 nonce", "Pin nonce";
    // The timestamp on screen, which stands still while the pointer is over the panel:
    // pinning it keeps the signature shown ("now" beside the pin takes the clock's time).
    PinNow => "固定为显示的时间戳（即当前签名所用的）", "Pin the timestamp shown (the one the signature uses)";
    Unpin => "取消固定，回到实时时钟", "Unpin: back to the live clock";
    UnpinNonce => "取消固定，每次发送用新的 nonce", "Unpin: a fresh nonce for each send";
    ClockPaused => "鼠标在此时暂停时钟", "clock paused while the pointer is here";
    JsonStyle => "请求体 JSON 写法", "Body JSON style";
    JsonStyleHint => "旺店通按收到的原始字节验签：官方 PHP 客户端的 json_encode 会写 \\uXXXX 和 \\/，这里可以照样生成", "Wangdiantong verifies the raw bytes it receives: the official PHP client's json_encode writes \\uXXXX and \\/, which this reproduces";
    Unpinned => "未固定：实时时钟", "unpinned: live clock";
    NonceFresh => "未固定：每次发送随机生成", "unpinned: fresh random per send";
    PinTimestampHint => "按线上格式填写，如客户请求中的值", "As sent on the wire, e.g. the value in the customer's request";
    PinTimestampUnit => "这个时间戳像是用错了单位（淘宝、金蝶的数字是毫秒，旺店通用 2012-01-01 起的秒数，即 Unix 秒数减 1325347200），网关会判它过期：它仍按原样签名并发送。", "This timestamp looks like another unit (Taobao and Kingdee read a number as milliseconds, Wangdiantong seconds since 2012-01-01, i.e. Unix seconds − 1325347200), and the gateway will call it expired: it is still signed and sent as typed.";
    PinTimestampUnread => "读不出这个时间戳（须是线上的格式；“现在”、“−5 分钟”等按钮和旁边的北京时间输入框都会写出正确格式）：它将按原样签名并发送。", "This does not read as the vendor's timestamp (the format on the wire; the now and −5 min buttons and the Beijing time field beside them write one): it is signed and sent as typed.";
    PinAsMeant => "改为 {value}", "Pin as {value}";
    SignMethod => "签名方法", "sign_method";
    SystemParams => "系统参数", "System parameters";
    Optional => "可选", "optional";
    SignError => "无法签名", "Cannot sign";
    FieldAtFault => "字段", "field";
    NoSignatureYet => "选择接口后在此显示签名。", "The signature appears here once an API is picked.";
    // Credentials dialog
    CredentialsTitle => "{vendor}凭证 · {env}", "{vendor} credentials · {env}";
    Remember => "在此设备上记住（localStorage）", "Remember on this device (localStorage)";
    RememberHint => "凭证不会离开浏览器：默认只保存在内存中；签名在本地完成，只发送签好名的请求。", "Credentials never leave the browser: kept in memory by default; signing happens here, only the signed request is sent.";
    Show => "显示", "Show";
    Hide => "隐藏", "Hide";
    ResetDemo => "恢复演示凭证", "Reset to demo credentials";
    ClearCredentials => "清除", "Clear";
    GetAppToken => "获取 app-token", "Get app-token";
    GetAppTokenHint => "填了 outerInstanceId 时：先调 push_app_authorize 获得 app_key / app_secret / domain（替换已填的值：app_secret 会轮换），再请求 app-token。没有 outerInstanceId 时，直接用已填的 app_key 和 app_secret 请求 token。", "With an outerInstanceId: push_app_authorize gives app_key / app_secret / domain (in place of what is filled: app_secret rotates), then the token request. Without one, the app_key and app_secret filled request the token directly.";
    TokenReplaced => "；push_app_authorize 授予的值替换了原先填写的 {names}", "; {names} replaced by what push_app_authorize granted";
    TokenStep1 => "1/2 授权 push_app_authorize…", "1/2 push_app_authorize…";
    TokenStep2 => "2/2 请求 app-token…", "2/2 requesting app-token…";
    TokenDone => "已获取 app-token，有效期至 {t}", "Got the app-token, valid until {t}";
    TokenExpires => "有效期至 {t}", "valid until {t}";
    TokenFailed => "获取失败：{msg}", "Failed: {msg}";
    NeedOuterInstance => "请填写 outerInstanceId，或 app_key 和 app_secret", "Fill outerInstanceId, or app_key and app_secret";
    // Settings
    RelayBase => "中转地址", "Relay URL";
    RelayBaseHint => "留空表示与本页同源", "Empty means the same origin as this page";
    RelayBaseRelayPath => "地址不要以 `/relay` 结尾：应用会自行加上（否则请求发往 `/relay/relay/…`，服务器没有名为 relay 的上游）", "Leave `/relay` off the address: the app adds it (else requests go to `/relay/relay/…`, and no server has an upstream named relay)";
    RelayBaseOtherOrigin => "{origin} 与本页不同源：只有当本页的服务器在 `relay_origins`（countersign.toml）中列出它时，浏览器才允许连接", "{origin} is another origin than this page's: the browser connects to it only if this page's server lists it in `relay_origins` (countersign.toml)";
    RelayTokenNotKept => "令牌只保存在本页内存中，刷新后需重新填写（与未记住的凭证一样，不写入浏览器存储）", "The token is kept in this page's memory only: enter it again after a reload (like credentials not remembered, it is never written to the browser's storage)";
    RelayBaseBad => "中转地址须以 http:// 或 https:// 开头并带主机名，如 http://127.0.0.1:8787；未保存，仍用之前的地址", "The relay address must start with http:// or https:// and name a host, e.g. http://127.0.0.1:8787; not saved, the previous one stays in use";
    Upstreams => "服务器提供的上游", "Upstreams offered by the server";
    RelayTokenBad => "{field} 只能含可打印的 ASCII 字符（字母、数字、标点、空格），HTTP 请求头带不了别的：第 {at} 个字符“{ch}”（{code}）不行", "{field} may hold only printable ASCII characters (letters, digits, punctuation, spaces); an HTTP header cannot carry anything else: character {at}, “{ch}” ({code}), is not one";
    NotSentRelayToken => "未发送：{why}。请在设置中改正。", "Not sent: {why}. Fix it in Settings.";
    RelayTokenBadTitle => "中转令牌无法发送", "Relay token cannot be sent";
    // Response placeholder
    Response => "响应", "Response";
    InspAnsweredBy => "来自 {u}", "from {u}";
    InspOutdated => "此响应之后{what}已修改：再次发送可查看当前请求的响应。", "Changed after this answer: {what}. Send again for the answer to the request on screen.";
    ChangedApi => "接口", "the API";
    ChangedEnvironment => "环境", "the environment";
    ChangedPins => "固定的时间戳或 nonce", "the pinned timestamp or nonce";
    ChangedOptions => "签名选项", "the signing options";
    ChangedParameters => "参数", "the parameters";
    ChangedCredentials => "凭证", "the credentials";
    ResponseEmpty => "发送请求后，响应显示在这里。", "Send the request to see the response here.";
    // Response inspector and send errors (src/inspector/, src/send/, src/platform/fetch.rs)
    InspBody => "正文", "Body";
    InspHeaders => "响应头", "Headers";
    InspRaw => "原文", "Raw";
    InspTime => "耗时", "Time";
    InspSize => "大小", "Size";
    InspSuccess => "成功", "Success";
    InspFailure => "失败", "Failure";
    InspUnknown => "未识别的应答", "Unrecognised answer";
    InspNotJson => "正文不是 JSON，按原样显示。", "The body is not JSON; shown as is.";
    InspEmptyBody => "（空正文）", "(empty body)";
    InspSubCode => "子错误码", "Sub-code";
    InspVendorSays => "厂商消息", "Vendor says";
    InspCause => "原因", "Cause";
    InspAboutMessage => "针对消息中的“{m}”", "For “{m}” in the message";
    InspAboutSubCode => "针对子错误码 {code}", "For sub-code {code}";
    InspAboutCode => "针对错误码 {code}", "For code {code}";
    InspFix => "建议", "Likely fix";
    InspNoEntry => "目录中没有这个错误码的说明；请以厂商消息为准。", "The catalog has no entry for this code; go by the vendor's message.";
    InspRequestId => "请求 ID", "Request id";
    InspClockTitle => "时间戳核对", "Timestamp check";
    InspClockSent => "请求的时间戳", "Request timestamp";
    InspClockYours => "本机时钟（发送时）", "Your clock (at send)";
    InspClockWindow => "允许 ±{window}", "allowed ±{window}";
    InspClockSkew => "偏差 {skew}", "skew {skew}";
    InspClockOutside => "超出网关允许的窗口：取消固定时间戳后重新发送，或校准本机时钟。", "Outside the gateway's window: unpin the timestamp and send again, or correct your clock.";
    InspClockOutsidePinned => "超出网关允许的窗口：取消固定时间戳后重新发送。", "Outside the gateway's window: unpin the timestamp and send again.";
    InspClockInside => "在窗口内：按本机时钟看，不是时间戳的问题。", "Within the window: by your clock, the timestamp is not the problem.";
    InspFilter => "按字段名或路径筛选，如 qty、data.rows[*].qty、**.code", "Filter by key or path, e.g. qty, data.rows[*].qty, **.code";
    // Short enough for the inspector at 1024 px; the whole hint is the field's title.
    InspFilterShort => "按字段名或路径筛选", "Filter by key or path";
    InspFilterMatches => "{n} 处匹配", "{n} matches";
    InspFilterOne => "1 处匹配", "1 match";
    InspFilterNone => "没有匹配的路径", "No path matches";
    InspFilterBad => "路径写法有误（第 {pos} 个字符）", "Invalid path (at character {pos})";
    InspCopyBody => "复制正文", "Copy body";
    InspCopyValue => "复制此值", "Copy this value";
    InspWholeBody => "整个正文", "the whole body";
    InspCopyWholeBody => "复制整个正文", "Copy the whole body";
    InspExpandAll => "全部展开", "Expand all";
    InspCollapseAll => "全部折叠", "Collapse all";
    InspKeys => "{n} 个字段", "{n} keys";
    InspKey => "{n} 个字段", "{n} key";
    InspShown => "显示 {shown}/{total}", "showing {shown}/{total}";
    InspTiming => "耗时分解", "Timing";
    InspUpstream => "上游合计", "Upstream total";
    InspUpstreamTitle => "中转在供应商网关上花的时间：连接、TLS、等待与传输（Server-Timing 的 total）", "The time the relay spent on the vendor's gateway: connect, TLS, waiting and transfer (Server-Timing's total)";
    InspConnReused => "复用连接（无 DNS、连接、TLS）", "Connection reused (no DNS, connect, TLS)";
    PhaseDns => "DNS 解析", "DNS";
    PhaseConnect => "建立连接", "Connect";
    PhaseTls => "TLS 握手", "TLS";
    PhaseWait => "等待首字节", "Waiting (TTFB)";
    PhaseTransfer => "接收与中转", "Transfer";
    PhaseClient => "浏览器 ↔ 中转", "Browser ↔ relay";
    RelayErrorTitle => "中转错误 {status} · {code}", "Relay error {status} · {code}";
    RelayUnauthorized => "中转服务器要求访问令牌（启动时带了 --token）：请在设置中填写中转令牌（X-Relay-Token）。请求未发出。", "The relay requires a token (it was started with --token): set the relay token (X-Relay-Token) in Settings. Nothing was sent upstream.";
    RelayUnknownUpstream => "中转服务器没有名为 {upstream} 的上游：在服务器配置中添加它，或换一个环境。请求未发出。", "The relay has no upstream named {upstream}: add it to the server's config, or pick another environment. Nothing was sent upstream.";
    RelayForbiddenAddress => "中转服务器拒绝连接 {upstream}：它解析到内网、本机或链路本地地址（防止 SSRF）。确有需要时，在该上游的配置中设置 allow_private = true。", "The relay refused to connect to {upstream}: it resolves to a private, loopback or link-local address (SSRF protection). If that is intended, set allow_private = true on that upstream.";
    RelayRequestTooLarge => "请求体超过中转服务器的大小限制，未发出。", "The request body is over the relay's size limit; nothing was sent upstream.";
    RelayBadRequest => "中转服务器无法转发这个请求：{detail}", "The relay cannot forward this request: {detail}";
    RelayDnsFailed => "中转服务器解析不了 {upstream} 的域名（{detail}）：检查网络、DNS 或环境地址。请求未到达厂商。", "The relay could not resolve {upstream}'s host name ({detail}): check the network, DNS or the environment's address. The request never reached the vendor.";
    RelayUnreachable => "中转服务器连不上 {upstream}（{detail}）：该地址和端口上没有服务，或被防火墙拦截。请求未到达厂商。", "The relay could not reach {upstream} ({detail}): nothing answers at that address and port, or a firewall blocks it. The request never reached the vendor.";
    RelayConnectTimeout => "中转服务器连接 {upstream} 超时：网络不通或对方过载。请求未到达厂商。", "The relay timed out connecting to {upstream}: the network path is down or the host is overloaded. The request never reached the vendor.";
    RelayTlsFailed => "与 {upstream} 的 TLS 握手失败（{detail}）：证书或协议问题。", "The TLS handshake with {upstream} failed ({detail}): a certificate or protocol problem.";
    RelayUpstreamProtocol => "{upstream} 的应答不是有效的 HTTP（{detail}）。", "{upstream} did not answer with valid HTTP ({detail}).";
    RelayResponseTooLarge => "{upstream} 的应答超过中转服务器的大小限制，已丢弃。", "{upstream}'s answer is over the relay's size limit and was dropped.";
    RelayTimeout => "{upstream} 没有在时限内完整应答（{detail}）。厂商可能已处理该请求：重发写操作前请先核对。", "{upstream} did not answer completely in time ({detail}). The vendor may still have processed it: check before resending a write.";
    RelayNotFound => "中转服务器上没有这个地址：中转地址可能填错了。", "The relay has no such route: the relay URL may be wrong.";
    RelayOther => "中转服务器报错：{detail}", "The relay reported an error: {detail}";
    TargetErrorTitle => "无法经中转发送", "Cannot send through the relay";
    TargetError => "签名后的 URL {url} 不在所选环境的地址 {base} 之下，中转服务器无法转发。请检查环境设置。", "The signed URL {url} is not under the environment's base {base}, so the relay cannot forward it. Check the environment.";
    NetworkErrorTitle => "连不上中转服务器", "Relay unreachable";
    NetworkError => "浏览器连不上中转服务器（{relay}）：countersign serve 没有运行、中转地址填错，或浏览器拦截了请求——另一个源的中转须列在提供本页的 serve 配置的 [server] relay_origins 里（页面的 CSP），且那个中转的 [cors] origins 须包含本页的源。浏览器的原话见下方。", "The browser could not reach the relay ({relay}): countersign serve is not running, the relay URL is wrong, or the browser blocked the request: a relay on another origin must be listed in [server] relay_origins of the serve that serves this page (its CSP), and that relay's [cors] origins must hold this page's origin. The browser's own words are below.";
    SameOrigin => "本页同源", "this page's origin";
    AbortedTitle => "已取消", "Cancelled";
    Aborted => "你在 {ms} 后取消了请求，应答（如有）已丢弃。厂商可能已经收到该请求。", "You cancelled the request after {ms}; any answer was dropped. The vendor may already have received it.";
    RedirectTitle => "上游返回了重定向", "The upstream answered with a redirect";
    Redirect => "中转服务器不跟随重定向而是原样交回，浏览器不允许读取其目标。通常是环境地址不对（例如 http 与 https）。", "The relay hands redirects back instead of following them, and the browser hides their target. Usually the environment's address is wrong (e.g. http vs https).";
    // Errors
    SomethingWrong => "出错了：{msg}", "Something went wrong: {msg}";
    // Support tools (src/check/, src/history/, src/exchange/): signature check, history, export, import, share links
    CheckTitle => "核对抓到的签名", "Check a captured signature";
    CheckIntro => "粘贴客户的请求（cURL、原始 HTTP、HAR，或 URL 加下一行的请求体）：用凭证重新计算签名，并说出是哪种常见接入错误。粘贴的内容只保留在本标签页，刷新不丢，关闭即清除。", "Paste the customer's request (cURL, raw HTTP, HAR, or a URL with its body on the next lines): the signature is recomputed with the credentials and the integration mistake is named. What you paste stays in this tab through a reload and goes when you close it.";
    CheckPaste => "在此粘贴 cURL 命令、原始 HTTP 请求、HAR 条目，或 URL（下一行起为请求体）", "Paste a cURL command, a raw HTTP request, a HAR entry, or a URL (body on the following lines)";
    CheckDetected => "识别为", "Detected";
    CheckUnknownApi => "目录中没有此接口", "not an API in the catalog";
    CheckCredsFrom => "凭证取自", "Credentials from";
    CheckCredsHint => "默认取凭证中该环境的值（模拟环境为演示凭证），其中空着的标识（app_key、sid、client_id 等）取自请求；在此修改只用于本次核对。", "Taken from that environment's credentials (the demo ones for Mock), with the identifiers left empty there (app_key, sid, client_id …) taken from the request; edits here only apply to this check.";
    CheckCredsReset => "恢复为已存凭证", "Back to stored credentials";
    CheckNow => "核对时刻", "Check at";
    CheckHarCalls => "这个 HAR 中有 {n} 个接口调用，读取：", "This HAR holds {n} API calls; reading:";
    CheckNowHint => "用于检查时间戳偏差。留空为本机时钟；也可填 Unix 毫秒或秒、北京时间 yyyy-MM-dd HH:mm:ss，或带时区的 ISO 时间（如 2025-03-01T10:00:30+08:00）。旺店通的请求也可填它自己的 timestamp（从 2012-01-01 起的秒数）。", "For the timestamp skew check. Empty means your clock; or Unix ms or seconds, Beijing time yyyy-MM-dd HH:mm:ss, or an ISO time with its zone (2025-03-01T10:00:30+08:00). For a Wangdiantong request, also its own timestamp (seconds since 2012-01-01).";
    CheckNowPlaceholder => "本机时钟，或抓包时刻 2025-03-01 10:00:30", "your clock, or capture time 2025-03-01 10:00:30";
    CheckNowBad => "无法识别的时间：请填北京时间 yyyy-MM-dd HH:mm[:ss]、带时区的 ISO 时间，或 Unix 毫秒/秒", "not a time: use Beijing time yyyy-MM-dd HH:mm[:ss], an ISO time with its zone, or Unix ms or seconds";
    CheckNowFix => "上面的时间无法识别：改正后在此显示结论。", "The time above is not one we can read: correct it to see the verdict here.";
    CheckEmpty => "粘贴请求后，在此显示结论。", "The verdict appears here once a request is pasted.";
    CheckError => "无法核对：{msg}", "Cannot check: {msg}";
    CheckMissingCredential => "无法核对：缺少凭证 `{field}`。请在上方「凭证」中的 `{field}` 框填写（当前取自：{env}）。", "Cannot check: the credential `{field}` is missing. Enter it in the `{field}` box under Credentials above (now taken from: {env}).";
    CheckValid => "签名正确", "Signature valid";
    CheckValidRefused => "签名正确，但网关会拒绝这个请求（{code}），原因见下", "Signature valid, but the gateway refuses this request ({code}): see below";
    CheckInvalid => "签名错误", "Signature invalid";
    CheckSeeVerdict => "详情 ↓", "Details ↓";
    CheckNoSign => "请求中没有签名", "No signature in the request";
    CheckFound => "请求中的签名", "Signature in the request";
    CheckExpected => "应有的签名", "Expected signature";
    CheckDiagnosis => "诊断", "Diagnosis";
    CheckSentBefore => "这个签名是本工具在 {time}（北京时间）发送「{api}」时算出的。抓包与那次请求不同之处（那次 → 抓包）：", "This signature is the one this app computed when it sent {api} at {time} (Beijing time). The capture differs from that request in (sent → captured):";
    CheckSentBeforeSame => "这个签名是本工具在 {time}（北京时间）发送「{api}」时算出的，抓包中的值与那次请求相同：不同的是密钥（或历史记录中隐去的值）。", "This signature is the one this app computed when it sent {api} at {time} (Beijing time), and the capture has that request's values: what differs is the secret (or a value the history keeps hidden).";
    CheckChangeNone => "（无）", "(none)";
    CheckBodyUnsigned => "{vendor}的签名不覆盖请求体：签名正确并不说明请求体未被改动。", "{vendor}'s signature does not cover the body: a valid signature says nothing about whether the body was changed.";
    CheckFilled => "已用凭证中的 {names} 替换请求里的占位符 {placeholders} 进行核对。", "Checked with the credentials' {names} in place of the request's placeholders {placeholders}.";
    CheckNoDiagnosis => "没有发现问题。", "No problem found.";
    CheckStsExpected => "应签名的字符串", "String to sign (expected)";
    CheckStsFound => "对方实际签名的字符串", "String the captured signature was computed over";
    CheckDiffAt => "第一处差异：第 {line} 行第 {column} 列（第 {index} 个字符）", "First difference: line {line}, column {column} (character {index})";
    CheckSame => "两个字符串相同", "The two strings are identical";
    CheckOpenBuilder => "在构建器中打开", "Open in builder";
    CheckOpenedTab => "已在新标签页打开：{api}；原标签页保持不变。", "Opened in a new tab: {api}; the tab you were in is unchanged.";
    CheckOpenedHere => "已在构建器中打开：{api}。", "Opened in the builder: {api}.";
    CheckCarried => "已从核对页带入凭证：{names}（仅在本页内存中，不保存）。", "Credentials taken from the check: {names} (kept in this page's memory, not stored).";
    CheckCarriedRemembered => "已从核对页带入：{names}。", "Taken from the check: {names}.";
    CheckHeldBack => "{names} 未带入：本设备记住了这组凭证，密钥只在你亲自填写时保存。", "{names} not taken: this device remembers these credentials, and a secret is stored only when you type it there.";
    CheckKeptOwn => "{names} 保留了构建器里原有的值（与核对时所用的不同）。", "{names}: the builder keeps its own value, not the one the check used.";
    CheckStillToFill => "仍需在凭证中填写：{names}。", "Still to fill in Credentials: {names}.";
    HistoryShown => "搜索到 {shown} 条", "{shown} found";
    HistoryCount => "{n}/{max} 条，仅存于本浏览器，不含凭证", "{n} of {max}, kept in this browser only, never with credentials";
    HistorySearch => "搜索：接口、URL、状态码、请求或响应正文", "Search: API, URL, status, request or response body";
    HistorySearchShort => "搜索接口、URL、状态码、正文", "Search API, URL, status, body";
    HistoryEmpty => "还没有发送过请求。", "Nothing sent yet.";
    HistoryNoMatch => "没有匹配的记录", "No entry matches";
    HistoryRestore => "恢复", "Restore";
    HistoryDeleted => "已删除 {t} 发出的请求", "Deleted the request sent at {t}";
    HistoryRestored => "已恢复 {t} 发出的请求", "Restored the request sent at {t}";
    HistoryRestoredBeside => "已在新标签页恢复 {t} 发出的请求。{other} 的修改未保存，仍在原标签页", "Restored the request sent at {t} in a new tab. Your unsaved edits to {other} stay in their tab";
    HistoryDelete => "删除此条", "Delete this entry";
    HistoryClear => "全部删除", "Delete all";
    HistoryClearConfirm => "删除全部 {n} 条记录？", "Delete all {n} entries?";
    HistoryRequest => "请求（已去除凭证）", "Request (credentials removed)";
    HistoryResponse => "响应", "Response";
    HistoryTruncated => "（正文过长，只保存了开头）", "(long body, only its start was kept)";
    Export => "导出", "Export";
    ExportCurl => "复制为 cURL", "Copy as cURL";
    ExportHarCopy => "复制 HAR", "Copy HAR";
    ExportHarDownload => "下载 HAR", "Download HAR";
    ExportHarHint => "HAR 1.2；发送过则含最近一次的响应", "HAR 1.2; with the last response once sent";
    ExportSignJson => "复制 countersign sign 输入", "Copy countersign sign input";
    ExportMockDemo => "模拟环境的演示凭证是公开的：无论是否勾选“包含密钥”，都按原样导出，复制的命令可直接运行。", "In Mock the demo credentials are public: they are exported as they are, ticked or not, so a copied command runs as it is.";
    ExportIncludeSecrets => "包含密钥（默认用 <占位符> 代替）", "Include secrets (replaced by <placeholders> by default)";
    ExportPython => "下载 Python 脚本", "Download Python script";
    ExportNode => "下载 Node.js 脚本", "Download Node.js script";
    ExportScriptHint => "脚本每次运行时重新签名，凭证从环境变量读取（模拟环境下未设置时，用模拟服务公开的演示凭证）", "Scripts sign anew each run and read credentials from environment variables (in Mock, the mock's public demo values where none are set)";
    ExportShare => "复制分享链接", "Copy share link";
    ExportShareHint => "链接含接口、环境和参数，不含凭证；数据在 # 之后，不会发给服务器", "The link holds the API, environment and parameters, never credentials; it sits after the #, never sent to a server";
    ExportWireSecret => "注意：这个请求带有 session / app-token / app_signature。未勾选“包含密钥”时，cURL 与 HAR 中它们（以及响应里的 appSecret、app-token）是 <占位符>，运行前请填回。", "Note: this request carries a session / app-token / app_signature. Unless “Include secrets” is ticked, cURL and HAR show them (and an answer's appSecret or app-token) as <placeholders> to fill in before running.";
    ExportNothing => "当前没有已签名的请求可导出：先选择接口并填好凭证。", "Nothing signed to export yet: pick an API and complete the credentials.";
    ExportCopyByHand => "浏览器不允许写剪贴板，请从下方手动复制", "the browser refused the clipboard: copy it from below";
    Import => "导入", "Import";
    ImportTitle => "导入请求", "Import a request";
    ImportHint => "粘贴 cURL 命令、原始 HTTP 请求、URL（可在前面写方法，如 GET；下一行可跟请求体）或 HAR 条目：识别厂商和接口，填入构建器，并固定时间戳和 nonce；用同样的凭证签名即得原签名。要核对抓到的签名本身，请用“核对签名”。", "Paste a cURL command, a raw HTTP request, a URL (after its method if you like, e.g. GET; body on the next lines) or a HAR entry: the vendor and API are recognised and the builder is filled, with the timestamp and nonce pinned, so the same credentials give the captured signature again. To check the captured signature itself, use Check signature.";
    CapturedSignMatches => "导入请求自带的签名与用「{env}」的凭证算出的一致。", "The imported request's own signature matches the one {env}'s credentials compute.";
    CapturedSignEdited => "此后请求已修改，下方是修改后请求的签名 `{now}`。", "The request has been edited since: below is the edited request, signed `{now}`.";
    CapturedSignDiffers => "导入请求自带的签名 `{found}` 与用「{env}」的凭证算出的 `{expected}` 不一致：下方是重新签名的结果，并非对方发送的请求。", "The imported request's own signature `{found}` differs from the `{expected}` that {env}'s credentials compute: below is the request signed anew, not the one that was sent.";
    CapturedSignNeedsSecret => "导入的请求带有签名；填入「{env}」的 `{field}` 才能判断它是否正确。", "The imported request carries a signature; enter {env}'s `{field}` to tell whether it is right.";
    ImportCheck => "核对签名", "Check signature";
    ImportCheckTitle => "在“核对签名”页核对这个请求抓到的签名，并找出不一致的原因", "Check this request's captured signature on the Check signature page, and find why it does not match";
    ImportRecognised => "识别结果", "Recognised";
    ImportMissing => "抓到的请求缺少 {names}：填入后由签名程序重新生成，因此发送时不会重现网关因缺少它而给出的拒绝。", "The capture has no {names}: the builder writes it anew, so sending it will not reproduce the refusal its absence earns.";
    ImportPins => "固定值与选项", "Pins and options";
    ImportIdentifiers => "请求中的标识", "Identifiers in the request";
    ImportUseIdentifiers => "同时写入 {env} 的凭证（只含这些非密钥标识）", "Also put them in the {env} credentials (these non-secret identifiers only)";
    ImportEnvUnmatched => "请求发往 {base}，没有对应的环境；使用 {env}。", "The request went to {base}, an address none of the environments uses; using {env}.";
    ImportApply => "填入构建器", "Fill the builder";
    ImportDone => "已导入：{api}", "Imported: {api}";
    ImportDoneTab => "已在新标签页导入：{api}", "Imported into a new tab: {api}";
    ImportError => "无法导入：{msg}", "Cannot import: {msg}";
    // Saved requests (collections kept in the browser)
    SavedTitle => "已保存", "Saved";
    SaveRequest => "保存", "Save";
    SaveShortcut => "保存当前请求（Ctrl/⌘+S）", "Save this request (Ctrl/⌘+S)";
    SaveDialogTitle => "保存请求", "Save request";
    SaveDialogHint => "保存接口、环境、文档、选项和固定值；凭证和密钥字段不会保存。", "Saves the API, environment, document, options and pins; credentials and secret fields are never saved.";
    SavedName => "名称", "Name";
    SavedCollection => "集合", "Collection";
    SavedNewCollection => "新建集合…", "New collection…";
    SavedNewCollectionName => "新集合名称", "New collection name";
    SavedDefaultCollection => "我的请求", "My requests";
    SavedDone => "已保存到「{c}」：{name}", "Saved to “{c}”: {name}";
    SavedUpdate => "更新「{name}」", "Update “{name}”";
    SavedUpdated => "已更新：{name}", "Updated: {name}";
    SavedSaveNew => "另存为新请求", "Save as new";
    SavedEmpty => "还没有保存的请求。Ctrl/⌘+S 保存当前请求。", "No saved requests yet. Ctrl/⌘+S saves the request on screen.";
    SavedRename => "重命名", "Rename";
    SavedMoveUp => "上移", "Move up";
    SavedMoveDown => "下移", "Move down";
    SavedDelete => "删除", "Delete";
    SavedDeleted => "已删除：{name}", "Deleted: {name}";
    Undo => "撤销", "Undo";
    Redo => "重做", "Redo";
    UndoneReplaced => "已恢复之前的内容；重做可回到替换它的内容（含之后的修改）", "Put back what you had before; Redo brings back what replaced it, with any edits made since";
    RedoneReplaced => "已重做；撤销可再恢复之前的内容", "Redone; Undo puts back what you had before";
    UndoneOpenedTab => "已关闭新开的标签页，回到原来的标签页；重做可再打开它", "Closed the new tab and went back to the tab you were on; Redo opens it again";
    RedoneOpenedTab => "已重新打开该标签页；撤销可再关闭它", "Opened the tab again; Undo closes it";
    UndoTabWaits => "这个标签页的响应还在路上：收到后再撤销", "This tab's answer is still on its way: Undo once it has arrived";
    RedoTabGone => "无法重做：之后又关闭过别的标签页", "Cannot redo: another tab was closed since";
    FormCleared => "已清空表单", "Cleared the form";
    ExampleFilled => "已填入文档示例", "Filled in the doc example";
    CustomExampleFilled => "已填入示例", "Filled in an example";
    NoDocExample => "导入的文档页没有可用的请求示例", "The imported doc page had no request example to fill in";
    SavedExport => "导出", "Export";
    SavedExportTitle => "把所有集合导出为一个 JSON 文件", "Export all collections as one JSON file";
    SavedImport => "导入", "Import";
    SavedImportTitle => "从 JSON 文件导入集合", "Import collections from a JSON file";
    SavedImported => "已导入 {c} 个集合、{n} 个请求", "Imported {c} collection(s), {n} request(s)";
    SavedImportedSome => "已导入 {c} 个新集合、{n} 个请求；{k} 个请求已存在，未重复添加", "Imported {c} new collection(s), {n} request(s); {k} already here, not added twice";
    SavedImportedNothing => "没有新内容：这 {k} 个请求都已存在", "Nothing new: the {k} request(s) are already here";
    SavedImportFailed => "导入失败：{msg}", "Import failed: {msg}";
    SavedOpened => "已打开：{name}", "Opened: {name}";
    RowRemoved => "已删除 {row}", "Removed {row}";
    SavedHereEdited => "「{name}」就是这个标签页，未保存的修改都还在；要看保存时的样子，请在新标签页中打开（Ctrl+单击或中键单击）。", "{name} is this tab, with its unsaved edits kept; to see it as saved, open it in a new tab (Ctrl+click or middle-click).";
    SavedOpenedBeside => "已在新标签页打开：{name}。{other} 的修改未保存，仍在原标签页", "Opened {name} in a new tab. Your unsaved edits to {other} stay in their tab";
    SavedImportNotStored => "未导入：{why}。已保存的请求保持不变。", "Nothing imported: {why}. The saved requests are as they were.";
    SavedNotStored => "未能保存到本浏览器：{why}。更改只保留在此页面，关闭前请导出集合。", "Not stored in this browser: {why}. The change is kept in this page only; export the collections before closing it.";
    TabNew => "新标签页（复制当前请求）", "New tab (a copy of this request)";
    TabApiGone => "{api}（已删除）", "{api} (deleted)";
    TabApiGoneNotice => "此标签页的接口 {api} 已被删除：撤销删除即可打开它，或关闭此标签页", "This tab's API {api} was deleted: Undo the delete to open it, or close the tab";
    TabClose => "关闭标签页", "Close tab";
    TabEdited => "已修改，未保存（Ctrl+S 可更新）", "Edited since saved (Ctrl+S updates it)";
    TabClosed => "已关闭标签页：{tab}", "Closed the tab: {tab}";
    SavedOpenHint => "点击打开；Ctrl/⌘+点击或中键在新标签页打开", "Click opens; Ctrl/⌘+click or middle click opens in a new tab";
    SavedNameEmpty => "名称不能为空", "The name is empty";
    SavedRequestNameEmpty => "请求名称不能为空", "The request's name is empty";
    SavedCollectionNameEmpty => "新集合的名称不能为空", "The new collection's name is empty";
    SavedNoCollection => "该集合已不存在", "That collection no longer exists";
    SavedImportNotJson => "文件不是 JSON（{msg}）", "the file is not JSON ({msg})";
    SavedImportNotOurs => "文件不是 countersign 集合文件（缺少 \"format\": \"countersign.saved\" 或 \"collections\"）", "the file is not a countersign collections file (no \"format\": \"countersign.saved\" or no \"collections\")";
    SavedImportVersion => "文件版本 {v} 不受支持（支持 1）", "file version {v} is not supported (1 is)";
    SavedImportBadCollection => "第 {n} 个集合：{msg}", "collection {n}: {msg}";
    SavedImportBadRequest => "第 {c} 个集合的第 {n} 个请求：{msg}", "collection {c}, request {n}: {msg}";
    SavedImportEmpty => "文件中没有集合", "the file holds no collection";
    ShareOpenedTab => "已在新标签页打开分享链接：{api}；原标签页保持不变", "Opened the share link in a new tab: {api}; the tab you were in is unchanged";
    ShareOpenedHere => "已在当前标签页打开分享链接：{api}", "Opened the share link in this tab: {api}";
    ShareBroken => "分享链接无法打开：{msg}", "Cannot open the share link: {msg}";
    ShareUnknownApi => "没有这个接口：{api}", "No such API: {api}";
}

/// `{n} item` / `{n} items`: English needs the singular; Chinese does not change.
pub fn count(n: usize, one: T, many: T, lang: Lang) -> String {
    let t = if n == 1 { one } else { many };
    fill(t.get(lang), &[("n", &n.to_string())])
}

/// Names in a sentence: 、 between them in Chinese, a comma in English.
pub fn list<S: AsRef<str>>(names: &[S], l: Lang) -> String {
    let sep = match l {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    names
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(sep)
}

/// Fills `{name}` placeholders.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    args.iter().fold(template.to_string(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

/// The language the app opens in: the one the person picked with the app's switch, else
/// the one a share link was made in, else the one it last opened in here (before the
/// preferences told the two apart), else the browser's.
pub fn opening_lang(prefs: &crate::platform::storage::Prefs) -> Lang {
    let link = || crate::exchange::share::lang_of_hash(&crate::platform::location_hash());
    prefs
        .lang
        .filter(|_| prefs.lang_chosen)
        .or_else(link)
        .or(prefs.lang)
        .unwrap_or_else(|| Lang::from_tag(&crate::platform::browser_language()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_exists_in_both_languages() {
        for t in T::ALL {
            assert!(!t.get(Lang::Zh).trim().is_empty(), "{t:?} zh");
            assert!(!t.get(Lang::En).trim().is_empty(), "{t:?} en");
        }
    }

    #[test]
    fn placeholders_match_between_languages() {
        let names = |s: &str| {
            let mut v: Vec<String> = s
                .split('{')
                .skip(1)
                .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_string()))
                .collect();
            v.sort();
            v
        };
        for t in T::ALL {
            assert_eq!(names(t.get(Lang::Zh)), names(t.get(Lang::En)), "{t:?}");
        }
    }

    #[test]
    fn browser_language_and_fill() {
        assert_eq!(Lang::from_tag("zh-CN"), Lang::Zh);
        assert_eq!(Lang::from_tag("zh-Hant-TW"), Lang::Zh);
        assert_eq!(Lang::from_tag("en-US"), Lang::En);
        assert_eq!(Lang::from_tag("de"), Lang::En);
        assert_eq!(
            fill(
                T::JsonLineCol.get(Lang::En),
                &[("line", "3"), ("column", "1")]
            ),
            "line 3, column 1"
        );
        assert_eq!(Lang::Zh.pick("", "en"), "en");
        assert_eq!(count(1, T::ErrorOne, T::Errors, Lang::En), "1 error");
        assert_eq!(count(2, T::ErrorOne, T::Errors, Lang::En), "2 errors");
        assert_eq!(count(1, T::ItemOf, T::ItemsOf, Lang::Zh), "1 项");
    }
}
