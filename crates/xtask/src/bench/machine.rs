//! The machine a run was measured on: figures mean little without it.

use crate::util::{cmd, output};

pub struct Machine {
    pub rows: Vec<(&'static str, String)>,
}

pub fn describe() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let os_release = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let tool = |c: &mut std::process::Command| output(c).unwrap_or_else(|| "not found".into());
    Machine {
        rows: vec![
            (
                "CPU",
                cpu_model(&cpuinfo).unwrap_or_else(|| "unknown".into()),
            ),
            ("cores", cores.to_string()),
            (
                "memory",
                mem_total(&meminfo).unwrap_or_else(|| "unknown".into()),
            ),
            (
                "OS",
                format!(
                    "{}, Linux {}",
                    os_name(&os_release).unwrap_or_else(|| "unknown".into()),
                    tool(cmd("uname").arg("-r"))
                ),
            ),
            ("rustc", tool(cmd("rustc").arg("--version"))),
            ("trunk", tool(cmd("trunk").arg("--version"))),
            ("wasm-opt", tool(cmd("wasm-opt").arg("--version"))),
            ("Chromium", tool(cmd("chromium").arg("--version"))),
            ("nginx", nginx_version()),
            ("wrk", wrk_version()),
            ("idle CPUs (cpuidle)", cpuidle()),
            ("load average at start (before the builds)", load_average()),
        ],
    }
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    let text = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// How an idle core waits: at one connection every request waits for halted cores to
/// wake, so this sets those figures more than any proxy does. Under the `haltpoll`
/// driver a guest polls up to `guest_halt_poll_ns` before it halts (0: halts at once).
fn cpuidle() -> String {
    let poll = read_trimmed("/sys/module/haltpoll/parameters/guest_halt_poll_ns");
    describe_cpuidle(cpuidle_driver().as_deref(), poll.as_deref())
}

/// Where the kernel names its cpuidle driver ("none" when there is none).
pub const CPUIDLE_DRIVER: &str = "/sys/devices/system/cpu/cpuidle/current_driver";

/// The cpuidle driver the kernel runs, if it says.
pub fn cpuidle_driver() -> Option<String> {
    read_trimmed(CPUIDLE_DRIVER)
}

fn read_trimmed(path: &str) -> Option<String> {
    std::fs::read_to_string(path)
        .ok()
        .map(|s| s.trim().to_string())
}

fn describe_cpuidle(driver: Option<&str>, poll_ns: Option<&str>) -> String {
    match (driver, poll_ns) {
        (Some("haltpoll"), Some(ns)) => format!("haltpoll, guest_halt_poll_ns = {ns}"),
        (Some(driver), _) => driver.to_string(),
        (None, _) => "unknown".into(),
    }
}

fn cpu_model(cpuinfo: &str) -> Option<String> {
    cpuinfo.lines().find_map(|l| {
        let (k, v) = l.split_once(':')?;
        (k.trim() == "model name").then(|| v.trim().to_string())
    })
}

fn mem_total(meminfo: &str) -> Option<String> {
    let kib: f64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    Some(format!("{:.1} GiB", kib / 1024.0 / 1024.0))
}

fn os_name(os_release: &str) -> Option<String> {
    os_release.lines().find_map(|l| {
        Some(
            l.strip_prefix("PRETTY_NAME=")?
                .trim_matches('"')
                .to_string(),
        )
    })
}

/// `nginx -v` writes to stderr.
fn nginx_version() -> String {
    cmd("nginx")
        .arg("-v")
        .output()
        .ok()
        .map(|o| {
            String::from_utf8_lossy(&o.stderr)
                .trim()
                .replace("nginx version: ", "")
        })
        .unwrap_or_else(|| "not found".into())
}

/// `wrk -v` prints its version and exits non-zero.
fn wrk_version() -> String {
    cmd("wrk")
        .arg("-v")
        .output()
        .ok()
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).to_string();
            text.lines()
                .next()
                .map(|l| l.split(" [").next().unwrap_or(l).trim().to_string())
        })
        .unwrap_or_else(|| "not found".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_how_idle_cores_wait() {
        assert_eq!(
            describe_cpuidle(Some("haltpoll"), Some("0")),
            "haltpoll, guest_halt_poll_ns = 0"
        );
        assert_eq!(describe_cpuidle(Some("intel_idle"), None), "intel_idle");
        assert_eq!(describe_cpuidle(None, Some("200000")), "unknown");
    }

    #[test]
    fn reads_cpu_memory_and_os() {
        let cpu = "processor\t: 0\nmodel name\t: AMD EPYC 7B13\nflags\t\t: fpu\n";
        assert_eq!(cpu_model(cpu).as_deref(), Some("AMD EPYC 7B13"));
        let mem = "MemTotal:       24576000 kB\nMemFree:  1 kB\n";
        assert_eq!(mem_total(mem).as_deref(), Some("23.4 GiB"));
        let os = "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n";
        assert_eq!(
            os_name(os).as_deref(),
            Some("Debian GNU/Linux 12 (bookworm)")
        );
    }
}
