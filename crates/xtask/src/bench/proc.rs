//! The processes a bench starts (countersign serve, nginx): each with its own log, stopped
//! by its own pid when dropped.

use crate::util::{describe, Result};
use std::fs::File;
use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

pub struct Proc {
    child: Child,
    pub name: String,
    pub port: u16,
    log: PathBuf,
}

impl Proc {
    /// Starts `c` with its output in `log` and waits until 127.0.0.1:`port` accepts.
    pub fn start(name: &str, c: &mut Command, port: u16, log: &Path) -> Result<Proc> {
        if let Some(dir) = log.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let out = File::create(log).map_err(|e| format!("{}: {e}", log.display()))?;
        let err = out.try_clone().map_err(|e| e.to_string())?;
        c.stdin(Stdio::null()).stdout(out).stderr(err);
        let child = c.spawn().map_err(|e| format!("`{}`: {e}", describe(c)))?;
        let mut p = Proc {
            child,
            name: name.to_string(),
            port,
            log: log.to_path_buf(),
        };
        // A readiness wait, not a timed assertion: these start in well under a second.
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Ok(Some(status)) = p.child.try_wait() {
                return Err(format!(
                    "{name} stopped ({status}) before listening on 127.0.0.1:{port}{}",
                    p.log_tail()
                ));
            }
            if TcpStream::connect((Ipv4Addr::LOCALHOST, port)).is_ok() {
                return Ok(p);
            }
            if Instant::now() > deadline {
                return Err(format!(
                    "{name} did not listen on 127.0.0.1:{port} within 30 s{}",
                    p.log_tail()
                ));
            }
            sleep(Duration::from_millis(50));
        }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.port)
    }

    pub fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.log).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        format!(
            "\nlast lines of {} ({}):\n{}",
            self.name,
            self.log.display(),
            lines[lines.len().saturating_sub(20)..].join("\n")
        )
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        // SIGTERM first: an nginx master stops its workers on TERM, not on KILL.
        let pid = self.child.id().to_string();
        let _ = Command::new("kill")
            .args(["-TERM", &pid])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A process and its children (nginx's workers), from /proc.
pub fn family(pid: u32) -> Vec<u32> {
    let mut pids = vec![pid];
    let children = format!("/proc/{pid}/task/{pid}/children");
    if let Ok(list) = std::fs::read_to_string(children) {
        pids.extend(
            list.split_whitespace()
                .filter_map(|p| p.parse::<u32>().ok()),
        );
    }
    pids
}

/// CPU time a process and its children have used (user + system, all threads), in clock
/// ticks (1/100 s on Linux): what a proxy spends per request does not depend on how busy
/// the rest of the machine is, as its requests per second at one connection do.
pub fn cpu_ticks(pid: u32) -> u64 {
    family(pid)
        .iter()
        .map(|p| {
            let stat = std::fs::read_to_string(format!("/proc/{p}/stat")).unwrap_or_default();
            stat_ticks(&stat)
        })
        .sum()
}

/// utime + stime from a /proc/PID/stat line (fields 14 and 15; the name in parentheses
/// may hold spaces, so fields are counted after its closing parenthesis).
fn stat_ticks(stat: &str) -> u64 {
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return 0;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or(0)
    };
    // After ")": state is field 3, so utime (14) and stime (15) are at 11 and 12.
    field(11) + field(12)
}

/// Resident memory of a process and its children, from /proc: (VmRSS, VmHWM) in KiB.
pub fn memory_kib(pid: u32) -> (u64, u64) {
    family(pid)
        .iter()
        .map(|p| {
            let status = std::fs::read_to_string(format!("/proc/{p}/status")).unwrap_or_default();
            (field_kib(&status, "VmRSS:"), field_kib(&status, "VmHWM:"))
        })
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
}

fn field_kib(status: &str, field: &str) -> u64 {
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_memory_fields_from_proc_status() {
        let status = "Name:\tcountersign\nVmHWM:\t   20480 kB\nVmRSS:\t   12288 kB\n";
        assert_eq!(field_kib(status, "VmRSS:"), 12288);
        assert_eq!(field_kib(status, "VmHWM:"), 20480);
        assert_eq!(field_kib(status, "VmSwap:"), 0);
    }

    #[test]
    fn reads_cpu_ticks_after_a_name_with_spaces() {
        let stat = "42 (nginx: worker) S 1 42 42 0 -1 4194624 100 0 0 0 250 75 0 0 20 0 1";
        assert_eq!(stat_ticks(stat), 325);
        assert_eq!(stat_ticks("garbage"), 0);
    }

    #[test]
    fn reads_our_own_memory() {
        let (rss, hwm) = memory_kib(std::process::id());
        assert!(rss > 0 && hwm >= rss, "rss {rss} hwm {hwm}");
    }
}
