//! Idle cores held polling: while a [`Polling`] is alive, the kernel's PM QoS asks every
//! core for zero wake-up latency, so an idle core polls instead of halting (what
//! `cyclictest` and tuned's latency profiles do through the same file).
//!
//! Why the bench wants it: on a VM whose idle cores halt (`haltpoll` with polling off), a
//! request at one connection wakes a halted core four times (wrk, proxy, upstream, proxy,
//! wrk), and those wake-ups were about three quarters of its time here; every proxy then
//! measures mostly the host. Polling takes them out for nginx and the relay alike.

use std::fs::{File, OpenOptions};
use std::io::Write;

use super::machine::{cpuidle_driver, CPUIDLE_DRIVER};

const QOS: &str = "/dev/cpu_dma_latency";

/// Holds the request; dropping it (closing the file) gives it back.
pub struct Polling(#[allow(dead_code)] File);

/// Asks for zero wake-up latency until the returned value is dropped. Fails where the
/// file is missing or not writable (it needs root): the caller then skips the load.
pub fn hold() -> Result<Polling, String> {
    obeyed(cpuidle_driver().as_deref())?;
    let mut f = OpenOptions::new()
        .write(true)
        .open(QOS)
        .map_err(|e| format!("cannot open {QOS}: {e}"))?;
    // The kernel reads one native-endian s32, in µs.
    f.write_all(&0i32.to_ne_bytes())
        .map_err(|e| format!("cannot write {QOS}: {e}"))?;
    Ok(Polling(f))
}

/// Whether an idle core's wait follows the PM QoS request under `driver`: only a cpuidle
/// driver reads it. Without one ("none") an idle core halts whatever is asked, and the
/// polling load would repeat the first load.
fn obeyed(driver: Option<&str>) -> Result<(), String> {
    match driver {
        Some(d) if !d.is_empty() && d != "none" => Ok(()),
        _ => Err(format!(
            "no cpuidle driver ({CPUIDLE_DRIVER}: {}), so an idle core halts whatever {QOS} asks \
             and that load would only repeat the first",
            driver.filter(|d| !d.is_empty()).unwrap_or("missing")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn polling_is_asked_for_only_where_a_cpuidle_driver_reads_the_request() {
        assert!(obeyed(Some("haltpoll")).is_ok());
        assert!(obeyed(Some("intel_idle")).is_ok());
        let none = obeyed(Some("none")).unwrap_err();
        assert!(none.contains("current_driver: none"), "{none}");
        assert!(obeyed(None).unwrap_err().contains("missing"));
    }
}
