//! Relay (part 4): the same load straight to a local upstream, through nginx `proxy_pass`
//! (with and without `keepalive` to its upstream) and through `countersign serve`'s relay
//! (pooled, and cold with the pool off), over plain HTTP and to a TLS upstream, in one run
//! of interleaved rounds; plus each proxy's resident memory.
//!
//! The upstreams are nginx answering a fixed JSON body from memory (`return 200`), so they
//! cost next to nothing; the TLS one has a certificate from a throwaway CA (openssl) that
//! both proxies are told to trust. The load generator is wrk, on 127.0.0.1 only, bounded by
//! its duration.

use super::idle;
use super::proc::{cpu_ticks, family, memory_kib, Proc};
use super::{kib, ms, Section, Table};
use crate::serve::{serve_command, server_bin};
use crate::util::{any_free_port, cmd, describe, target_dir, Result};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// Seconds per measured wrk run; requests are bounded by it (and the connection count).
const SECONDS: u32 = 2;
/// Rounds of runs: each round loads every target in turn (in reverse every other round, so
/// no row always runs just after the same neighbour), and each figure is the median round's,
/// so a busy moment on this shared VM moves one round of every row alike instead of one
/// row's only figure. One-connection req/s swung by up to ×2 between 3 s runs on the same
/// build here; with three rounds the median still moved ±10 %.
const ROUNDS: usize = 7;
/// Clock ticks per second in /proc/PID/stat (USER_HZ, 100 on Linux).
const TICKS_PER_S: f64 = 100.0;
/// A load: connections, and how long each waits after an answer before its next request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Load {
    connections: u32,
    /// wrk's `delay()`, ms; 0: at once (as fast as the path allows).
    pause_ms: u32,
    /// Idle cores held polling while it runs ([`idle::hold`]) rather than halting as the
    /// machine has them.
    polling: bool,
    /// The proxy moved onto the load's core for these runs ([`OnLoadCore`]), so no hop of a
    /// request crosses between cores.
    one_core: bool,
}

/// The five loads: one connection (latency without queueing), the same with idle cores
/// polling and again with the proxy on the load's core (two ways to the proxies' own
/// latency, without the host's wake-ups of halted cores), many as fast as they go
/// (throughput), and many paced to the same moderate rate for every row. At full speed
/// both cores are busy (the proxy's, and wrk's and the upstream's), so a proxy that serves
/// more requests a second also gives wrk and the upstream more to do on their shared core,
/// and its p99 grows with the queue there; paced, every row carries about the same load
/// and *added* is what the path itself adds.
const LOADS: [Load; 5] = [
    Load {
        connections: 1,
        pause_ms: 0,
        polling: false,
        one_core: false,
    },
    Load {
        connections: 1,
        pause_ms: 0,
        polling: true,
        one_core: false,
    },
    Load {
        connections: 1,
        pause_ms: 0,
        polling: false,
        one_core: true,
    },
    Load {
        connections: 32,
        pause_ms: 0,
        polling: false,
        one_core: false,
    },
    Load {
        connections: 32,
        pause_ms: PAUSE_MS,
        polling: false,
        one_core: false,
    },
];
/// The load the warm-up runs: 32 connections as fast as they go.
const FULL_SPEED: Load = LOADS[3];
/// The paced load's pause: 32 connections, each 1 ms apart, ask for some 24 000 requests
/// a second, about a third of what either proxy serves at full speed here.
const PAUSE_MS: u32 = 1;

impl Load {
    fn label(self) -> String {
        let conn = if self.connections == 1 {
            "connection"
        } else {
            "connections"
        };
        let idle = match (self.polling, self.one_core) {
            (true, _) => ", idle cores polling",
            (_, true) => ", all on one core",
            _ => "",
        };
        match self.pause_ms {
            0 => format!("{} {conn}{idle}", self.connections),
            ms => format!("{} {conn}, each {ms} ms apart{idle}", self.connections),
        }
    }

    /// The short name in the CPU column.
    fn short(self) -> String {
        match (self.pause_ms, self.polling, self.one_core) {
            (0, true, _) => format!("{} polling", self.connections),
            (0, _, true) => format!("{} one core", self.connections),
            (0, ..) => self.connections.to_string(),
            _ => format!("{} paced", self.connections),
        }
    }
}

/// wrk's script for a paced load: `delay()` is the wait before each request, in ms.
fn pace_script(pause_ms: u32) -> String {
    format!("-- countersign bench: each connection waits before its next request\nfunction delay() return {pause_ms} end\n")
}

/// Where a process of the load runs. With two cores or more, the proxy under test has the
/// last core to itself and wrk and the upstreams share the others, as if the client and the
/// vendor stood on machines of their own. Left to the scheduler, three busy processes on
/// the 2-core bench host moved a row's req/s by ±10 % between runs of the same binaries,
/// and a proxy's p99 at 32 connections was mostly the time it waited for wrk or the
/// upstream to leave its core. Both proxies are placed alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// wrk and the upstreams.
    Load,
    /// The proxy under test (one worker).
    Proxy,
    /// A proxy with one worker per core: wherever the scheduler puts it.
    Anywhere,
}

impl Place {
    /// The `taskset -c` list for this place, if the machine has cores to share out.
    fn cpus(self, allowed: &[u32]) -> Option<String> {
        let (proxy, load) = allowed.split_last()?;
        if load.is_empty() {
            return None;
        }
        match self {
            Place::Load => Some(
                load.iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            ),
            Place::Proxy => Some(proxy.to_string()),
            Place::Anywhere => None,
        }
    }

    /// `c` run under `taskset` on this place's cores (as it is on one core).
    fn command(self, c: Command) -> Command {
        let Some(cpus) = self.cpus(&allowed_cpus()) else {
            return c;
        };
        let mut pinned = cmd("taskset");
        pinned
            .arg("-c")
            .arg(cpus)
            .arg(c.get_program())
            .args(c.get_args());
        pinned
    }

    /// For the table's text: `CPU 1`, `CPUs 0,2`, `any CPU`.
    fn describe(self) -> String {
        match self.cpus(&allowed_cpus()) {
            Some(cpus) if cpus.contains(',') => format!("CPUs {cpus}"),
            Some(cpus) => format!("CPU {cpus}"),
            None => "any CPU".into(),
        }
    }
}

/// The CPUs this process may run on (`Cpus_allowed_list` in /proc/self/status: `0-1`,
/// `0,2-3`); none if it cannot be read.
fn allowed_cpus() -> Vec<u32> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let list = status
        .lines()
        .find_map(|l| l.strip_prefix("Cpus_allowed_list:"))
        .unwrap_or_default();
    cpu_list(list.trim())
}

fn cpu_list(list: &str) -> Vec<u32> {
    let mut cpus = Vec::new();
    for part in list.split(',').filter(|p| !p.is_empty()) {
        let (from, to) = part.split_once('-').unwrap_or((part, part));
        if let (Ok(from), Ok(to)) = (from.trim().parse::<u32>(), to.trim().parse::<u32>()) {
            cpus.extend(from..=to);
        }
    }
    cpus
}

/// A vendor-like JSON answer, about 1 KiB (no `$` or `'`: it sits in nginx's config).
fn body() -> String {
    let rows: Vec<String> = (1..=8)
        .map(|i| {
            format!(
                r#"{{"id":"{i}","number":"MAT-{i:04}","name":"bench material {i}","qty":"{}","price":"{}.50"}}"#,
                i * 3,
                i * 7
            )
        })
        .collect();
    format!(
        r#"{{"errcode":0,"description":"success","data":{{"count":8,"rows":[{}]}}}}"#,
        rows.join(",")
    )
}

/// One target of the load.
struct Target {
    label: &'static str,
    url: String,
    /// The proxy process whose memory is reported.
    pid: Option<u32>,
    /// The row whose latency is subtracted for *added* (the direct run of its upstream).
    direct: usize,
    /// The nginx rows a relay row is judged against, round by round: the first is the
    /// goal's reference, and the relay runs right after it.
    against: &'static [usize],
}

#[derive(Default, Clone)]
pub struct Run {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
    requests: u64,
    errors: u64,
    /// The proxy's CPU time (user + system) per request, µs; 0 for a direct run.
    cpu_us: f64,
}

impl Run {
    /// Each figure's median over `runs` (an odd count); requests and errors summed.
    fn median(runs: &[Run]) -> Run {
        let mid = |f: fn(&Run) -> f64| {
            let mut v: Vec<f64> = runs.iter().map(f).collect();
            v.sort_by(f64::total_cmp);
            v.get(v.len() / 2).copied().unwrap_or(0.0)
        };
        Run {
            rps: mid(|r| r.rps),
            p50_ms: mid(|r| r.p50_ms),
            p99_ms: mid(|r| r.p99_ms),
            cpu_us: mid(|r| r.cpu_us),
            requests: runs.iter().map(|r| r.requests).sum(),
            errors: runs.iter().map(|r| r.errors).sum(),
        }
    }
}

pub struct Row {
    label: &'static str,
    runs: Vec<Run>,
    /// VmRSS idle, highest VmRSS sampled under load, VmHWM after: KiB.
    memory: Option<(u64, u64, u64)>,
    direct: usize,
    /// req/s in each round, per load, in round order (empty for a load not run).
    rounds: Vec<Vec<f64>>,
    against: &'static [usize],
}

/// A throwaway CA and a certificate for 127.0.0.1 (and `bench.local`, the name nginx
/// checks) signed by it: (CA PEM, leaf certificate PEM, leaf key PEM).
fn certificates(dir: &Path) -> Result<(PathBuf, PathBuf, PathBuf)> {
    let p = |name: &str| dir.join(name);
    let ext = p("leaf.ext");
    std::fs::write(
        &ext,
        "subjectAltName=IP:127.0.0.1,DNS:bench.local\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| format!("{}: {e}", ext.display()))?;
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    let steps: [Vec<String>; 3] = [
        ["req", "-x509"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain(
                [
                    "-keyout",
                    "ca.key",
                    "-out",
                    "ca.pem",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=bench CA",
                ]
                .map(String::from),
            )
            .collect(),
        ["req"]
            .iter()
            .chain(&ec)
            .map(|s| s.to_string())
            .chain(
                [
                    "-keyout",
                    "leaf.key",
                    "-out",
                    "leaf.csr",
                    "-subj",
                    "/CN=bench.local",
                ]
                .map(String::from),
            )
            .collect(),
        [
            "x509",
            "-req",
            "-in",
            "leaf.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "leaf.pem",
            "-days",
            "2",
            "-extfile",
            "leaf.ext",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for args in steps {
        let mut c = cmd("openssl");
        c.current_dir(dir).args(&args);
        let o = c.output().map_err(|e| format!("`{}`: {e}", describe(&c)))?;
        if !o.status.success() {
            return Err(format!(
                "`{}` failed: {}",
                describe(&c),
                String::from_utf8_lossy(&o.stderr)
            ));
        }
    }
    Ok((p("ca.pem"), p("leaf.pem"), p("leaf.key")))
}

/// `countersign serve --no-mock` with `toml` as its config file.
fn relay_proc(
    name: &str,
    dir: &Path,
    dist: &Path,
    id: &str,
    toml: &str,
    place: Place,
) -> Result<Proc> {
    let config = dir.join(format!("{id}.toml"));
    std::fs::write(&config, toml).map_err(|e| format!("{}: {e}", config.display()))?;
    let port = any_free_port()?;
    let mut c = serve_command(&server_bin(), port, dist);
    c.arg("--no-mock").arg("--config").arg(&config);
    let mut c = place.command(c);
    Proc::start(name, &mut c, port, &dir.join(format!("{id}.log")))
}

/// The rows, and why the polling load was not measured if it was not.
pub fn run() -> Result<(Vec<Row>, Option<String>)> {
    let dir = target_dir().join("bench/relay");
    // The relay needs no app: an empty dist keeps the server's static files out of it.
    let dist = dir.join("dist");
    for d in [dir.join("tmp"), dist.clone()] {
        std::fs::create_dir_all(&d).map_err(|e| format!("{}: {e}", d.display()))?;
    }
    // nginx appends to its access logs: left from earlier runs they grew by some 400 MB
    // a run (a disk filling up, and writeback competing with the load being measured).
    for old in ["proxy-access.log", "proxy-auto-access.log"] {
        let _ = std::fs::remove_file(dir.join(old));
    }
    let (ca, cert, key) = certificates(&dir)?;
    let pace = dir.join("pace.lua");
    std::fs::write(&pace, pace_script(PAUSE_MS)).map_err(|e| format!("{}: {e}", pace.display()))?;
    let answer = format!(
        "access_log off;\n    location / {{ default_type application/json; return 200 '{}'; }}",
        body()
    );

    let up_port = any_free_port()?;
    let upstream = nginx(
        "nginx upstream",
        &dir,
        "upstream",
        up_port,
        (1, Place::Load),
        "",
        "",
        &answer,
    )?;
    // The same upstream on the proxies' core, straight from wrk: what crossing between
    // the cores costs with no proxy at all. Every proxied request crosses twice more than a
    // direct one (wrk to the proxy, the proxy to the upstream, and back), so this row is
    // the floor under the proxies' *added* latency on this machine, whichever proxy it is.
    let across_port = any_free_port()?;
    let across = nginx(
        "nginx upstream on the proxies' core",
        &dir,
        "upstream-across",
        across_port,
        (1, Place::Proxy),
        "",
        "",
        &answer,
    )?;
    let tls_port = any_free_port()?;
    let tls_upstream = nginx(
        "nginx TLS upstream",
        &dir,
        "upstream-tls",
        tls_port,
        (1, Place::Load),
        "",
        " ssl",
        &format!(
            "ssl_certificate {};\n    ssl_certificate_key {};\n    {answer}",
            cert.display(),
            key.display()
        ),
    )?;
    let nginx_port = any_free_port()?;
    // Plain proxy_pass, as most configs write it, opens a new upstream connection per
    // request; `keepalive` in an upstream block (with HTTP/1.1 and no Connection header)
    // keeps them. TLS upstreams are verified against the bench CA, sessions resumed (nginx's
    // default). Every location writes one log line per request, as the relay logs one.
    let keep = "proxy_http_version 1.1; proxy_set_header Connection \"\";";
    let tls = format!(
        "proxy_ssl_verify on; proxy_ssl_trusted_certificate {}; proxy_ssl_name bench.local;",
        ca.display()
    );
    // The headers the relay adds to every answer (its timing, and the guard that keeps an
    // answer from running as a page of the app's origin), for an nginx row doing the same:
    // at full speed wrk reads them on the loaded core, so their bytes cost throughput.
    let relay_headers = "add_header server-timing \"ttfb;dur=$upstream_header_time, total;dur=$upstream_response_time\" always; \
         add_header x-content-type-options nosniff always; \
         add_header content-security-policy \"sandbox; default-src 'none'\" always; \
         add_header cross-origin-resource-policy same-origin always;";
    // As many workers as the relay's default (`[server] workers`, one); a second nginx
    // with one per core stands beside a relay told `workers = "auto"`.
    let proxy = nginx(
        "nginx proxy_pass",
        &dir,
        "proxy",
        nginx_port,
        (1, Place::Proxy),
        &format!(
            "upstream plain_keep {{ server 127.0.0.1:{up_port}; keepalive 32; }}\n\
             \x20 upstream tls_keep {{ server 127.0.0.1:{tls_port}; keepalive 32; }}\n"
        ),
        "",
        &format!(
            "access_log {}/proxy-access.log;\n\
             \x20   location /plain/ {{ proxy_pass http://127.0.0.1:{up_port}/; }}\n\
             \x20   location /plain-keep/ {{ proxy_pass http://plain_keep/; {keep} }}\n\
             \x20   location /plain-keep-headers/ {{ proxy_pass http://plain_keep/; {keep} {relay_headers} }}\n\
             \x20   location /tls/ {{ proxy_pass https://127.0.0.1:{tls_port}/; {tls} }}\n\
             \x20   location /tls-keep/ {{ proxy_pass https://tls_keep/; {keep} {tls} }}",
            dir.display()
        ),
    )?;
    let auto_port = any_free_port()?;
    let proxy_auto = nginx(
        "nginx proxy_pass (one worker per core)",
        &dir,
        "proxy-auto",
        auto_port,
        (0, Place::Anywhere),
        &format!("upstream plain_keep {{ server 127.0.0.1:{up_port}; keepalive 32; }}\n"),
        "",
        &format!(
            "access_log {}/proxy-auto-access.log;\n\
             \x20   location /plain-keep/ {{ proxy_pass http://plain_keep/; {keep} }}",
            dir.display()
        ),
    )?;
    let upstreams = format!(
        "[tls]\nextra_roots = [\"{}\"]\n\
         [upstreams.bench]\nbase = \"http://127.0.0.1:{up_port}\"\nallow_private = true\n\
         [upstreams.benchtls]\nbase = \"https://127.0.0.1:{tls_port}\"\nallow_private = true\n",
        ca.display()
    );
    let pooled = relay_proc(
        "countersign serve",
        &dir,
        &dist,
        "countersign",
        &upstreams,
        Place::Proxy,
    )?;
    let per_core = relay_proc(
        "countersign serve (workers = auto)",
        &dir,
        &dist,
        "countersign-auto",
        &format!("[server]\nworkers = \"auto\"\n{upstreams}"),
        Place::Anywhere,
    )?;
    let cold = relay_proc(
        "countersign serve (pool off)",
        &dir,
        &dist,
        "countersign-cold",
        &format!("[pool]\nmax_idle_per_upstream = 0\n{upstreams}"),
        Place::Proxy,
    )?;

    let path = "bench/materials";
    // The row the TLS rows' *added* is measured from.
    const TLS_DIRECT: usize = 9;
    // The nginx rows the relay's rows are judged against.
    const NGINX_NEW: usize = 2;
    const NGINX_KEEP: usize = 3;
    // Listed right after NGINX_KEEP: the pooled relay, which runs after that row, runs just
    // before this one, so it is paired with both.
    const NGINX_KEEP_HEADERS: usize = 4;
    const NGINX_AUTO: usize = 5;
    const TLS_NGINX_NEW: usize = 10;
    const TLS_NGINX_KEEP: usize = 11;
    const RELAY_POOLED: usize = 6;
    const RELAY_COLD: usize = 8;
    // All on one core: the plain rows whose proxy has one worker, and the direct row their
    // *added* is measured from (the proxies' core would have nothing to cross to).
    const ONE_CORE_ROWS: [usize; 6] = [
        0,
        NGINX_NEW,
        NGINX_KEEP,
        NGINX_KEEP_HEADERS,
        RELAY_POOLED,
        RELAY_COLD,
    ];
    let targets = [
        Target {
            label: "direct to the upstream (reference)",
            url: format!("{}{path}", upstream.url()),
            pid: None,
            direct: 0,
            against: &[],
        },
        Target {
            label: "direct to the same upstream on the proxies' core: the cost of crossing \
                    between the cores, no proxy (reference)",
            url: format!("{}{path}", across.url()),
            pid: None,
            direct: 0,
            against: &[],
        },
        Target {
            label: "nginx proxy_pass, a new upstream connection per request (reference)",
            url: format!("{}plain/{path}", proxy.url()),
            pid: Some(proxy.pid()),
            direct: 0,
            against: &[],
        },
        Target {
            label: "nginx proxy_pass + keepalive 32 (reference)",
            url: format!("{}plain-keep/{path}", proxy.url()),
            pid: Some(proxy.pid()),
            direct: 0,
            against: &[],
        },
        Target {
            label: "nginx proxy_pass + keepalive 32, adding the relay's four answer headers \
                    (reference)",
            url: format!("{}plain-keep-headers/{path}", proxy.url()),
            pid: Some(proxy.pid()),
            direct: 0,
            against: &[],
        },
        Target {
            label: "nginx proxy_pass + keepalive 32, one worker per core (reference)",
            url: format!("{}plain-keep/{path}", proxy_auto.url()),
            pid: Some(proxy_auto.pid()),
            direct: 0,
            against: &[],
        },
        Target {
            label: "countersign relay, pooled (default)",
            url: format!("{}relay/bench/{path}", pooled.url()),
            pid: Some(pooled.pid()),
            direct: 0,
            against: &[NGINX_KEEP, NGINX_KEEP_HEADERS],
        },
        Target {
            label: "countersign relay, pooled, one worker per core (`workers = \"auto\"`)",
            url: format!("{}relay/bench/{path}", per_core.url()),
            pid: Some(per_core.pid()),
            direct: 0,
            against: &[NGINX_AUTO],
        },
        Target {
            label: "countersign relay, cold (pool off)",
            url: format!("{}relay/bench/{path}", cold.url()),
            pid: Some(cold.pid()),
            direct: 0,
            against: &[NGINX_NEW],
        },
        Target {
            label: "TLS upstream: direct, https (reference)",
            url: format!("https://127.0.0.1:{tls_port}/{path}"),
            pid: None,
            direct: TLS_DIRECT,
            against: &[],
        },
        Target {
            label: "TLS upstream: nginx proxy_pass, new connection (session resumed) (reference)",
            url: format!("{}tls/{path}", proxy.url()),
            pid: Some(proxy.pid()),
            direct: TLS_DIRECT,
            against: &[],
        },
        Target {
            label: "TLS upstream: nginx proxy_pass + keepalive 32 (reference)",
            url: format!("{}tls-keep/{path}", proxy.url()),
            pid: Some(proxy.pid()),
            direct: TLS_DIRECT,
            against: &[],
        },
        Target {
            label: "TLS upstream: countersign relay, pooled",
            url: format!("{}relay/benchtls/{path}", pooled.url()),
            pid: Some(pooled.pid()),
            direct: TLS_DIRECT,
            against: &[TLS_NGINX_KEEP],
        },
        Target {
            label: "TLS upstream: countersign relay, cold",
            url: format!("{}relay/benchtls/{path}", cold.url()),
            pid: Some(cold.pid()),
            direct: TLS_DIRECT,
            against: &[TLS_NGINX_NEW],
        },
    ];
    // *added* subtracts a direct row: one without a proxy in between, to the same upstream.
    assert!(targets.iter().all(|t| targets[t.direct].pid.is_none()));
    assert!(targets[TLS_DIRECT].url.starts_with("https://"));
    for (i, kind) in [
        (NGINX_NEW, "a new upstream connection"),
        (NGINX_KEEP, "keepalive 32 (reference)"),
        (NGINX_KEEP_HEADERS, "four answer headers"),
        (NGINX_AUTO, "one worker per core"),
        (TLS_NGINX_NEW, "new connection"),
        (TLS_NGINX_KEEP, "keepalive 32 (reference)"),
    ] {
        assert!(targets[i].label.contains("nginx") && targets[i].label.contains(kind));
    }
    for (i, kind) in [
        (RELAY_POOLED, "relay, pooled (default)"),
        (RELAY_COLD, "cold"),
    ] {
        assert!(targets[i].label.contains("countersign") && targets[i].label.contains(kind));
    }
    // Where the one-core load moves a proxy, and where it goes back to (every row it runs
    // is placed on the proxies' core); without cores to share out, every load already
    // runs on one core.
    let cpus = allowed_cpus();
    let one_core = Place::Load.cpus(&cpus).zip(Place::Proxy.cpus(&cpus));
    if one_core.is_none() {
        println!("xtask: bench: the one-core load is skipped: the proxies share the load's cores");
    }
    let mut idle = Vec::new();
    for t in &targets {
        if t.url.starts_with("http://") {
            check_answer(&t.url)?;
        }
        idle.push(t.pid.map(|p| memory_kib(p).0));
        // Warm-up: connections, caches, the allocator's arenas.
        wrk(&t.url, FULL_SPEED, 1, &pace)?;
    }
    // runs[target][load][round], taken round by round with every target in turn.
    let mut runs = vec![vec![Vec::new(); LOADS.len()]; targets.len()];
    let mut peaks = vec![0; targets.len()];
    let no_polling = idle::hold().err();
    if let Some(why) = &no_polling {
        println!("xtask: bench: the polling load is skipped: {why}");
    }
    let against: Vec<Option<usize>> = targets.iter().map(|t| t.against.first().copied()).collect();
    for round in 1..=ROUNDS {
        println!("xtask: bench: wrk round {round} of {ROUNDS}");
        for (j, load) in LOADS.into_iter().enumerate() {
            // Held for this load's runs only, given back before the next load's.
            let _polling = match load.polling {
                true if no_polling.is_some() => continue,
                true => Some(idle::hold()?),
                false => None,
            };
            if load.one_core && one_core.is_none() {
                continue;
            }
            let mut order = paired_order(&against);
            if round % 2 == 0 {
                order.reverse();
            }
            // Polling, only the plain rows: a TLS row's time is its handshakes and crypto
            // more than wake-ups, and each row run costs the bench some 20 s.
            order.retain(|&i| !load.polling || i < TLS_DIRECT);
            order.retain(|&i| !load.one_core || ONE_CORE_ROWS.contains(&i));
            for i in order {
                let t = &targets[i];
                // Back on its own core when the run is over, whatever happens to it.
                let _moved = match (load.one_core, t.pid, &one_core) {
                    (true, Some(pid), Some((to, back))) => Some(OnLoadCore::start(pid, to, back)?),
                    _ => None,
                };
                let (run, sampled) = match t.pid {
                    Some(pid) => sample_while(pid, || wrk(&t.url, load, SECONDS, &pace))?,
                    None => (wrk(&t.url, load, SECONDS, &pace)?, 0),
                };
                peaks[i] = peaks[i].max(sampled);
                // Every run on the terminal, so a median can be read beside its spread.
                println!(
                    "xtask: bench:   {:<9} {:>8.0} req/s  p99 {}  {}",
                    load.short(),
                    run.rps,
                    ms(run.p99_ms),
                    t.label
                );
                runs[i][j].push(run);
            }
        }
    }
    let mut rows = Vec::new();
    for (i, t) in targets.iter().enumerate() {
        let memory = t
            .pid
            .map(|p| (idle[i].unwrap_or(0), peaks[i], memory_kib(p).1));
        rows.push(Row {
            label: t.label,
            runs: runs[i].iter().map(|r| Run::median(r)).collect(),
            memory,
            direct: t.direct,
            rounds: runs[i]
                .iter()
                .map(|r| r.iter().map(|run| run.rps).collect())
                .collect(),
            against: t.against,
        });
    }
    drop((
        pooled,
        per_core,
        cold,
        proxy,
        proxy_auto,
        tls_upstream,
        across,
        upstream,
    ));
    Ok((rows, no_polling))
}

/// A proxy (and its children, every thread) moved onto the load's cores for the one-core
/// load; moved back onto `back` (the proxies' core) when dropped.
struct OnLoadCore<'a> {
    pid: u32,
    back: &'a str,
}

impl<'a> OnLoadCore<'a> {
    fn start(pid: u32, to: &str, back: &'a str) -> Result<OnLoadCore<'a>> {
        pin(pid, to)?;
        Ok(OnLoadCore { pid, back })
    }
}

impl Drop for OnLoadCore<'_> {
    fn drop(&mut self) {
        if let Err(e) = pin(self.pid, self.back) {
            println!("xtask: bench: {e}");
        }
    }
}

/// `taskset -a -p -c cpus` for a process and its children (nginx's workers).
fn pin(pid: u32, cpus: &str) -> Result {
    for p in family(pid) {
        let done = cmd("taskset")
            .args(["-a", "-p", "-c", cpus, &p.to_string()])
            .stdout(std::process::Stdio::null())
            .status()
            .map_err(|e| format!("taskset: {e}"))?;
        if !done.success() {
            return Err(format!(
                "taskset could not move process {p} onto CPU {cpus}"
            ));
        }
    }
    Ok(())
}

/// The order of a round's runs: the targets as listed, except that each relay row runs
/// right after the nginx row it is judged against. Their ratio is read round by round, and
/// the host's speed drifts within seconds: six seconds and three other rows between the two
/// runs of a pair moved the ratio by more than the two proxies differ.
fn paired_order(against: &[Option<usize>]) -> Vec<usize> {
    let mut order = Vec::with_capacity(against.len());
    for (i, a) in against.iter().enumerate() {
        if a.is_some_and(|a| a < against.len()) {
            continue;
        }
        order.push(i);
        order.extend((0..against.len()).filter(|&r| against[r] == Some(i)));
    }
    order
}

/// An nginx of its own: config, pid, logs and temp files under `dir`, in the foreground.
/// `workers` 0 means one per core (`auto`); `http` goes into the http block (upstreams),
/// `listen` after the address (` ssl`), `server` into the server block.
#[allow(clippy::too_many_arguments)]
fn nginx(
    name: &str,
    dir: &Path,
    id: &str,
    port: u16,
    (workers, place): (u32, Place),
    http: &str,
    listen: &str,
    server: &str,
) -> Result<Proc> {
    let d = dir.display();
    let workers = if workers == 0 {
        "auto".to_string()
    } else {
        workers.to_string()
    };
    let conf = format!(
        "worker_processes {workers};\n\
         daemon off;\n\
         pid {d}/{id}.pid;\n\
         error_log {d}/{id}-error.log warn;\n\
         events {{ worker_connections 4096; }}\n\
         http {{\n\
         \x20 client_body_temp_path {d}/tmp/{id}-body;\n\
         \x20 proxy_temp_path {d}/tmp/{id}-proxy;\n\
         \x20 fastcgi_temp_path {d}/tmp/{id}-fastcgi;\n\
         \x20 uwsgi_temp_path {d}/tmp/{id}-uwsgi;\n\
         \x20 scgi_temp_path {d}/tmp/{id}-scgi;\n\
         \x20 keepalive_requests 1000000;\n\
         \x20 {http}\n\
         \x20 server {{\n\
         \x20   listen 127.0.0.1:{port}{listen};\n\
         \x20   {server}\n\
         \x20 }}\n\
         }}\n"
    );
    let path = dir.join(format!("{id}.conf"));
    std::fs::write(&path, conf).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut c = cmd("nginx");
    c.arg("-p")
        .arg(dir)
        .arg("-e")
        .arg(dir.join(format!("{id}-error.log")));
    c.arg("-c").arg(&path);
    let mut c = place.command(c);
    Proc::start(name, &mut c, port, &dir.join(format!("{id}.log")))
}

/// One request by hand before the load: a wrong answer must not pass for a fast one.
fn check_answer(url: &str) -> Result {
    let rest = url.strip_prefix("http://").ok_or("not an http URL")?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = TcpStream::connect(host).map_err(|e| format!("{url}: {e}"))?;
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .map_err(|e| e.to_string())?;
    write!(stream, "GET /{path} HTTP/1.0\r\nHost: {host}\r\n\r\n").map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| format!("{url}: {e}"))?;
    let status_ok = answer.starts_with("HTTP/1.1 200") || answer.starts_with("HTTP/1.0 200");
    if !status_ok || !answer.ends_with(&body()) {
        let head: String = answer.chars().take(600).collect();
        return Err(format!(
            "{url} did not answer 200 with the upstream's body:\n{head}"
        ));
    }
    Ok(())
}

/// One wrk run of `load`; `pace` is the script [`pace_script`] wrote for paced loads.
fn wrk(url: &str, load: Load, seconds: u32, pace: &Path) -> Result<Run> {
    let mut c = cmd("wrk");
    c.args([
        "-t1",
        &format!("-c{}", load.connections),
        &format!("-d{seconds}s"),
        "--latency",
    ]);
    if load.pause_ms > 0 {
        c.arg("-s").arg(pace);
    }
    c.arg(url);
    let mut c = Place::Load.command(c);
    let o = c.output().map_err(|e| format!("`{}`: {e}", describe(&c)))?;
    let text = String::from_utf8_lossy(&o.stdout);
    if !o.status.success() {
        return Err(format!("`{}` failed ({}):\n{text}", describe(&c), o.status));
    }
    parse_wrk(&text).ok_or_else(|| format!("cannot read `{}`'s output:\n{text}", describe(&c)))
}

/// Runs `f` while sampling `pid`'s VmRSS every 50 ms; returns its result, with the CPU
/// time `pid` spent per request in it, and the peak.
fn sample_while(pid: u32, f: impl FnOnce() -> Result<Run>) -> Result<(Run, u64)> {
    let ticks = cpu_ticks(pid);
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let sampler = thread::spawn(move || {
        let mut peak = 0;
        while !flag.load(Ordering::Relaxed) {
            peak = peak.max(memory_kib(pid).0);
            thread::sleep(Duration::from_millis(50));
        }
        peak
    });
    let result = f();
    let spent = cpu_ticks(pid).saturating_sub(ticks);
    done.store(true, Ordering::Relaxed);
    let peak = sampler.join().unwrap_or(0);
    let mut run = result?;
    if run.requests > 0 {
        run.cpu_us = spent as f64 / TICKS_PER_S * 1e6 / run.requests as f64;
    }
    Ok((run, peak))
}

fn parse_wrk(text: &str) -> Option<Run> {
    let mut run = Run::default();
    let mut seen = (false, false, false);
    for line in text.lines().map(str::trim) {
        let mut words = line.split_whitespace();
        match (words.next(), words.next()) {
            (Some("50%"), Some(v)) => {
                run.p50_ms = duration_ms(v)?;
                seen.0 = true;
            }
            (Some("99%"), Some(v)) => {
                run.p99_ms = duration_ms(v)?;
                seen.1 = true;
            }
            (Some("Requests/sec:"), Some(v)) => {
                run.rps = v.parse().ok()?;
                seen.2 = true;
            }
            (Some(n), Some("requests")) => run.requests = n.parse().ok()?,
            _ => {}
        }
        if let Some(rest) = line.strip_prefix("Non-2xx or 3xx responses:") {
            run.errors += rest.trim().parse::<u64>().ok()?;
        }
        if let Some(rest) = line.strip_prefix("Socket errors:") {
            // "connect 0, read 0, write 0, timeout 0"
            run.errors += rest
                .split(',')
                .filter_map(|p| p.split_whitespace().nth(1)?.parse::<u64>().ok())
                .sum::<u64>();
        }
    }
    (seen == (true, true, true)).then_some(run)
}

/// wrk's durations: `870.00us`, `1.23ms`, `2.00s`, `1.50m`.
fn duration_ms(v: &str) -> Option<f64> {
    let split = v.find(|c: char| c.is_ascii_alphabetic())?;
    let (n, unit) = v.split_at(split);
    let n: f64 = n.parse().ok()?;
    Some(match unit {
        "us" => n / 1000.0,
        "ms" => n,
        "s" => n * 1000.0,
        "m" => n * 60_000.0,
        "h" => n * 3_600_000.0,
        _ => return None,
    })
}

pub fn section(rows: &[Row], no_polling: Option<&str>) -> Section {
    let mut headers: Vec<String> = Vec::new();
    headers.push("path of the request".into());
    for load in LOADS {
        let label = load.label();
        headers.push(format!("{label}: req/s · p50 · p99"));
        headers.push(format!("{label}: added p50 · p99 vs direct"));
    }
    let shorts: Vec<String> = LOADS.iter().map(|l| l.short()).collect();
    headers.push(format!(
        "proxy CPU per request (user + system): {} connections",
        shorts.join(" · ")
    ));
    headers.push("errors".into());
    headers.push("resident memory: idle · peak VmRSS under load · VmHWM".into());
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut t = Table::new(&refs);
    for (i, row) in rows.iter().enumerate() {
        let direct = rows
            .get(row.direct)
            .map(|r| r.runs.clone())
            .unwrap_or_default();
        let mut cells = vec![row.label.to_string()];
        let mut errors = 0;
        for (j, run) in row.runs.iter().enumerate() {
            if run.requests == 0 {
                cells.extend(["–".to_string(), "–".to_string()]);
                continue;
            }
            cells.push(format!(
                "{:.0} · {} · {}",
                run.rps,
                ms(run.p50_ms),
                ms(run.p99_ms)
            ));
            cells.push(match direct.get(j) {
                Some(d) if i != row.direct => format!(
                    "{} · {}",
                    signed_ms(run.p50_ms - d.p50_ms),
                    signed_ms(run.p99_ms - d.p99_ms)
                ),
                _ => "–".into(),
            });
            errors += run.errors;
        }
        cells.push(if row.memory.is_some() {
            let cpu: Vec<String> = row
                .runs
                .iter()
                .map(|r| match r.requests {
                    0 => "–".to_string(),
                    _ => format!("{:.0} µs", r.cpu_us),
                })
                .collect();
            cpu.join(" · ")
        } else {
            "–".into()
        });
        cells.push(errors.to_string());
        cells.push(match row.memory {
            Some((idle, peak, hwm)) => format!(
                "{} · {} · {}",
                kib(idle * 1024),
                kib(peak * 1024),
                kib(hwm * 1024)
            ),
            None => "–".into(),
        });
        t.row(cells);
    }
    let requests: u64 = rows.iter().flat_map(|r| &r.runs).map(|r| r.requests).sum();
    Section {
        title: "4. Relay".into(),
        intro: format!(
            "wrk (one thread, on 127.0.0.1): {ROUNDS} rounds, each loading every row in \
             turn for {SECONDS} s per load after one 1 s warm-up per row (each relay row \
             right after its nginx row, in reverse every other round); each figure is the \
             median round's ({requests} requests in all). Five loads: one connection; one \
             connection again with idle cores polling, and again with everything on one \
             core; 32 connections as fast as they go; \
             and 32 connections that each wait {PAUSE_MS} ms after an answer before asking \
             again (wrk's `delay()`), so that every row serves about the same moderate rate. \
             *Idle cores polling*: while those runs go, the bench holds /dev/cpu_dma_latency \
             at 0 (as cyclictest does), so an idle core polls instead of halting. A request \
             at one connection wakes an idle core at each of its four hops, and on a VM whose \
             cores halt (see Machine, idle CPUs) those wake-ups are most of its time, the \
             same for every proxy; polling, the figures are what the paths themselves take. \
             That load runs the plain rows only (a TLS row's time is its handshakes more \
             than wake-ups). *All on one core*: for those runs the bench moves the proxy \
             (all its threads; nginx's master and workers) onto {load} with wrk and the \
             upstream, and back after. No hop of a request then crosses between cores or \
             waits for a halted one to wake: req/s is the work of the three processes on the \
             path, where only the proxy's share differs between rows. It needs no cpuidle \
             driver, so it stands in for the polling load where the host has none. That load \
             runs the plain rows whose proxy has one worker, and the direct row their *added* \
             is measured from. At full speed both cores are busy, and a proxy \
             that serves more requests a second also gives wrk and the upstream more to do on \
             their shared core, whose queue then shows in its p99; paced, *added* is what the \
             path itself adds at the same load. The request is a GET of a {} byte JSON \
             answer that a local nginx (one worker) returns from memory: straight to it, \
             through nginx `proxy_pass` (an access log line per request, as the relay logs \
             one) both plain — a new upstream connection per request — and with `keepalive \
             32` to its upstream, and through `countersign serve`'s relay (`[upstreams.bench]` \
             with `allow_private = true`) with its keep-alive pool (the default) and cold \
             (`[pool] max_idle_per_upstream = 0`: a new connection per request, as before \
             the pool). The relay adds four headers to every answer (its timing, and the \
             guard that keeps an answer from running as a page of the app's origin): 303 \
             bytes of head against nginx's 155. wrk reads them on the loaded core, so the row \
             *adding the relay's four answer headers* has nginx send the same ones \
             (`add_header`), for a reference doing the same work. nginx runs as many workers \
             as the relay's default (`[server] workers`, one); the rows *one worker per core* run nginx with \
             `worker_processes auto` and the relay with `workers = \"auto\"`. The TLS rows do \
             the same to an nginx upstream over HTTPS whose certificate comes from a \
             throwaway CA both proxies trust (`[tls] extra_roots`; nginx `proxy_ssl_verify \
             on`, resuming sessions as it does by default). Latency is wrk's, per request; \
             *added* is the difference to the direct run of the same upstream at the same \
             load. The second row loads the same upstream started on the proxies' core, with \
             no proxy: its *added* is what crossing between the cores costs on this machine \
             (an idle core halts, and waking it is the host's business), and every proxied \
             request crosses twice as often as that row's, so a proxy on a core of its own can \
             hardly add less than that row does. *Proxy CPU per request* is the proxy's user + system time from \
             /proc/PID/stat (all threads; nginx: master and workers) over the run, divided by \
             the requests wrk counted: unlike req/s at one connection, which waits on every \
             wake-up of three processes sharing two cores, it hardly moves when the machine \
             is busy. Cores (`taskset`): wrk and the upstreams on {load}, each proxy with one \
             worker (nginx and the relay alike) on {proxy} to itself, the *one worker per \
             core* rows on {any}. Memory is read from /proc/PID/status (nginx: master and workers \
             together, all locations of one nginx in one process), sampled every 50 ms.",
            body().len(),
            load = Place::Load.describe(),
            proxy = Place::Proxy.describe(),
            any = Place::Anywhere.describe(),
        ),
        table: t,
        notes: no_polling
            .map(|why| format!("The polling load was not measured: {why}."))
            .into_iter()
            .chain(against_nginx(rows))
            .collect(),
    }
}

/// A relay row's cells against one of its nginx rows, per load: the ratio of their median
/// rounds, then the round-by-round ratios' median, range and rounds ahead.
fn ratio_cells(row: &Row, base: &Row) -> Vec<String> {
    let mut cells = vec![format!("{} ÷ {}", row.label, base.label)];
    for (j, run) in row.runs.iter().enumerate() {
        let (Some(base_run), Some(ours), Some(theirs)) =
            (base.runs.get(j), row.rounds.get(j), base.rounds.get(j))
        else {
            cells.push("–".into());
            continue;
        };
        let mut ratios: Vec<f64> = ours
            .iter()
            .zip(theirs)
            .filter(|(a, b)| **a > 0.0 && **b > 0.0)
            .map(|(a, b)| a / b)
            .collect();
        if ratios.is_empty() || base_run.rps <= 0.0 {
            cells.push("–".into());
            continue;
        }
        ratios.sort_by(f64::total_cmp);
        let ahead = ratios.iter().filter(|r| **r >= 1.0).count();
        cells.push(format!(
            "×{:.2} · ×{:.2} (×{:.2}–×{:.2}), {ahead} of {}",
            run.rps / base_run.rps,
            ratios[ratios.len() / 2],
            ratios[0],
            ratios[ratios.len() - 1],
            ratios.len()
        ));
    }
    cells
}

/// A note with each relay row against its nginx row, round by round: the spread says how
/// far a single run's ratio can be trusted on this host.
fn against_nginx(rows: &[Row]) -> Option<String> {
    let mut headers = vec!["row ÷ its reference".to_string()];
    headers.extend(LOADS.iter().map(|l| {
        format!(
            "{}: median rounds · round by round: median (lowest–highest), rounds ahead",
            l.label()
        )
    }));
    let refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    let mut t = Table::new(&refs);
    for row in rows {
        for base in row.against.iter().filter_map(|&k| rows.get(k)) {
            t.row(ratio_cells(row, base));
        }
    }
    if t.is_empty() {
        return None;
    }
    Some(format!(
        "Each relay row against its nginx row, in req/s: the ratio of the two figures above \
         (each its median round's), then the ratio within each round (the two runs one after \
         the other, so a busy spell on the host moves both), its median and range, and in how \
         many rounds the relay served at least as many. The round-by-round median is the \
         reading to judge a relay row by: the host's speed drifts by ±10 % within a minute, \
         and a ratio of two medians taken from different rounds carries that drift. The \
         pooled relay is also set against nginx adding the relay's four answer headers: the \
         same answer on the wire, run right after it.\n\n{}",
        t.markdown()
    ))
}

fn signed_ms(v: f64) -> String {
    if v < 0.0 {
        format!("−{}", ms(-v))
    } else {
        format!("+{}", ms(v))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WRK: &str = "Running 5s test @ http://127.0.0.1:4000/
  1 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms  300.00us   9.87ms   90.00%
    Req/Sec    31.23k     1.02k   33.00k    80.00%
  Latency Distribution
     50%  870.00us
     75%    1.10ms
     90%    1.40ms
     99%    2.50ms
  155432 requests in 5.00s, 180.00MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 4
Requests/sec:  31086.40
Transfer/sec:     36.00MB
";

    #[test]
    fn the_proxy_gets_the_last_core_and_the_load_the_rest() {
        assert_eq!(cpu_list("0-1"), [0, 1]);
        assert_eq!(cpu_list("0,2-4"), [0, 2, 3, 4]);
        assert_eq!(cpu_list(""), Vec::<u32>::new());
        let two = [0, 1];
        assert_eq!(Place::Load.cpus(&two).as_deref(), Some("0"));
        assert_eq!(Place::Proxy.cpus(&two).as_deref(), Some("1"));
        assert_eq!(Place::Anywhere.cpus(&two), None);
        assert_eq!(Place::Load.cpus(&[0, 2, 3]).as_deref(), Some("0,2"));
        // One core: nothing to share out.
        assert_eq!(Place::Proxy.cpus(&[0]), None);
        assert_eq!(Place::Load.cpus(&[]), None);
    }

    #[test]
    fn reads_wrk_output() {
        let r = parse_wrk(WRK).unwrap();
        assert_eq!(r.rps, 31086.40);
        assert_eq!(r.p50_ms, 0.87);
        assert_eq!(r.p99_ms, 2.5);
        assert_eq!(r.requests, 155432);
        assert_eq!(r.errors, 7);
        assert!(parse_wrk("unable to connect to 127.0.0.1:1 Connection refused").is_none());
    }

    #[test]
    fn the_paced_load_waits_between_requests() {
        assert!(pace_script(1).contains("function delay() return 1 end"));
        let labels: Vec<String> = LOADS.iter().map(|l| l.label()).collect();
        assert_eq!(
            labels,
            [
                "1 connection",
                "1 connection, idle cores polling",
                "1 connection, all on one core",
                "32 connections",
                "32 connections, each 1 ms apart"
            ]
        );
        let shorts: Vec<String> = LOADS.iter().map(|l| l.short()).collect();
        assert_eq!(shorts, ["1", "1 polling", "1 one core", "32", "32 paced"]);
        // Only the paced load runs a script; the others are wrk's plain run.
        assert_eq!(LOADS.iter().filter(|l| l.pause_ms > 0).count(), 1);
        // The warm-up load is the unpaced 32 connections.
        assert_eq!(FULL_SPEED.connections, 32);
        assert_eq!(
            (FULL_SPEED.pause_ms, FULL_SPEED.polling, FULL_SPEED.one_core),
            (0, false, false)
        );
        // Each way to the proxies' own latency is a load of its own.
        assert_eq!(LOADS.iter().filter(|l| l.polling || l.one_core).count(), 2);
        assert!(!LOADS.iter().any(|l| l.polling && l.one_core));
    }

    #[test]
    fn a_load_not_measured_shows_a_dash_and_says_why() {
        let measured = Run {
            rps: 6000.0,
            p50_ms: 0.16,
            p99_ms: 0.5,
            requests: 12000,
            errors: 0,
            cpu_us: 12.0,
        };
        let mut runs = vec![measured; LOADS.len()];
        runs[1] = Run::median(&[]);
        let rows = [Row {
            label: "countersign relay, pooled (default)",
            runs,
            memory: Some((1024, 2048, 2048)),
            direct: 0,
            rounds: vec![Vec::new(); LOADS.len()],
            against: &[],
        }];
        let md = section(&rows, Some("cannot open /dev/cpu_dma_latency: denied"))
            .table
            .markdown();
        let row = md.lines().last().unwrap();
        assert!(
            row.contains("| 6000 · 0.16 ms · 0.50 ms | – | – | – | 6000"),
            "{row}"
        );
        assert!(row.contains("12 µs · – · 12 µs · 12 µs"), "{row}");
        let measured_all = section(&rows, None);
        assert!(measured_all.notes.is_empty());
        let skipped = section(&rows, Some("cannot open /dev/cpu_dma_latency: denied"));
        assert_eq!(
            skipped.notes,
            ["The polling load was not measured: cannot open /dev/cpu_dma_latency: denied."]
        );
    }

    #[test]
    fn each_relay_row_runs_right_after_its_nginx_row() {
        // Rows 0–2 references, 3 and 4 judged against 1 and 0, 5 against nothing.
        let against = [None, None, None, Some(1), Some(0), None];
        assert_eq!(paired_order(&against), [0, 4, 1, 3, 2, 5]);
        // Every row once, whatever the pairing.
        let mut all = paired_order(&[Some(2), None, None, Some(2)]);
        assert_eq!(all, [1, 2, 0, 3]);
        all.sort();
        assert_eq!(all, [0, 1, 2, 3]);
    }

    #[test]
    fn relay_rows_are_set_against_their_nginx_row_round_by_round() {
        let row = |label, rps: f64, rounds: Vec<f64>, against| Row {
            label,
            runs: (0..LOADS.len())
                .map(|j| Run {
                    rps: if j == 0 { rps } else { 0.0 },
                    requests: if j == 0 { 1 } else { 0 },
                    ..Run::default()
                })
                .collect(),
            memory: None,
            direct: 0,
            rounds: (0..LOADS.len())
                .map(|j| if j == 0 { rounds.clone() } else { Vec::new() })
                .collect(),
            against,
        };
        let rows = [
            row("nginx", 100.0, vec![100.0, 90.0, 120.0], &[]),
            row("relay", 99.0, vec![110.0, 99.0, 96.0], &[0]),
        ];
        let note = against_nginx(&rows).unwrap();
        let line = note.lines().last().unwrap();
        // 99 ÷ 100; the rounds 1.10, 1.10, 0.80.
        assert!(
            line.starts_with("| relay ÷ nginx | ×0.99 · ×1.10 (×0.80–×1.10), 2 of 3 | – |"),
            "{line}"
        );
        assert_eq!(against_nginx(&rows[..1]), None, "no relay row, no note");
    }

    #[test]
    fn the_upstream_body_fits_an_nginx_string() {
        let b = body();
        assert!(!b.contains('\'') && !b.contains('$'));
        assert!(b.len() > 500, "{}", b.len());
    }
}
