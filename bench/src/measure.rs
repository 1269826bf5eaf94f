//! Timing whole processes: wall time around the process, peak memory from
//! GNU time (`/usr/bin/time`, the largest resident set of the process and
//! the children it waited for), a time limit that kills the whole process
//! group, and medians of repeated runs.

use std::ffi::OsString;
use std::fs;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where GNU time is installed on Debian (package `time`).
const GNU_TIME: &str = "/usr/bin/time";

/// How the error of a run killed at its time limit starts.
pub const TIMED_OUT: &str = "timed out";

/// A command to time.
#[derive(Clone, Debug)]
pub struct Cmd {
    pub program: PathBuf,
    pub args: Vec<OsString>,
    pub env: Vec<(String, String)>,
    pub dir: PathBuf,
}

impl Cmd {
    /// `program` run in `dir` with no arguments yet.
    pub fn new(program: impl Into<PathBuf>, dir: &Path) -> Self {
        Self {
            program: program.into(),
            args: Vec::new(),
            env: Vec::new(),
            dir: dir.to_path_buf(),
        }
    }

    /// Adds arguments.
    pub fn args<I, S>(mut self, args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    /// Sets an environment variable.
    pub fn env(mut self, name: &str, value: &str) -> Self {
        self.env.push((name.to_owned(), value.to_owned()));
        self
    }

    /// The command as a shell would show it.
    pub fn display(&self) -> String {
        let mut parts = vec![self.program.display().to_string()];
        parts.extend(self.args.iter().map(|a| a.to_string_lossy().into_owned()));
        parts.join(" ")
    }
}

/// One timed run.
#[derive(Clone, Copy, Debug)]
pub struct Run {
    pub wall: Duration,
    /// Peak resident set in KiB, when GNU time is installed.
    pub peak_kib: Option<u64>,
}

/// Medians of several runs.
#[derive(Clone, Copy, Debug)]
pub struct Summary {
    pub wall: Duration,
    pub peak_kib: Option<u64>,
}

/// Whether GNU time is installed (it reports peak memory).
pub fn has_gnu_time() -> bool {
    Command::new(GNU_TIME)
        .arg("--version")
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).contains("GNU"))
        .unwrap_or(false)
}

/// Runs `cmd` `runs` times (at least once), calling `before` ahead of each
/// run (untimed), and returns the medians. Stops at the first failure.
pub fn repeat(
    cmd: &Cmd,
    runs: usize,
    limit: Duration,
    log: &Path,
    mut before: impl FnMut() -> Result<(), String>,
) -> Result<Summary, String> {
    let mut walls = Vec::new();
    let mut peaks = Vec::new();
    for _ in 0..runs.max(1) {
        before()?;
        let run = run_once(cmd, limit, log)?;
        walls.push(run.wall);
        peaks.extend(run.peak_kib);
    }
    Ok(Summary {
        wall: median(&mut walls).unwrap_or_default(),
        peak_kib: median(&mut peaks),
    })
}

/// Runs `cmd` once with its output in `log`, killing its process group
/// after `limit`. A non-zero exit is an error quoting the output.
pub fn run_once(cmd: &Cmd, limit: Duration, log: &Path) -> Result<Run, String> {
    let rss_file = log.with_extension("rss");
    let _ = fs::remove_file(&rss_file);
    let mut command = timed_command(cmd, &rss_file);
    let out = fs::File::create(log).map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    let err = out
        .try_clone()
        .map_err(|e| format!("cannot write {}: {e}", log.display()))?;
    command
        .stdout(Stdio::from(out))
        .stderr(Stdio::from(err))
        .stdin(Stdio::null())
        .process_group(0);
    let start = Instant::now();
    let mut child = command
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", cmd.program.display()))?;
    let watchdog = kill_after(child.id(), limit);
    let status = child.wait();
    let wall = start.elapsed();
    let timed_out = watchdog.finish();
    let status = status.map_err(|e| format!("cannot wait for {}: {e}", cmd.program.display()))?;
    if timed_out {
        return Err(format!("{TIMED_OUT}: killed after {} s", limit.as_secs()));
    }
    if !status.success() {
        return Err(failure_message(log, &status.to_string()));
    }
    Ok(Run {
        wall,
        peak_kib: read_peak(&rss_file),
    })
}

/// `cmd` wrapped in GNU time (writing the peak resident set to `rss_file`)
/// when it is installed.
fn timed_command(cmd: &Cmd, rss_file: &Path) -> Command {
    let mut command = if Path::new(GNU_TIME).is_file() {
        let mut command = Command::new(GNU_TIME);
        command
            .args(["-f", "%M", "-o"])
            .arg(rss_file)
            .arg(&cmd.program);
        command
    } else {
        Command::new(&cmd.program)
    };
    command
        .args(&cmd.args)
        .envs(cmd.env.iter().map(|(k, v)| (k, v)))
        .current_dir(&cmd.dir);
    command
}

/// The last line of GNU time's output file: the peak resident set in KiB.
fn read_peak(rss_file: &Path) -> Option<u64> {
    let text = fs::read_to_string(rss_file).ok()?;
    text.lines().last()?.trim().parse().ok()
}

/// A thread that kills process group `pgid` unless finished within `limit`.
struct Watchdog {
    done: mpsc::Sender<()>,
    thread: std::thread::JoinHandle<bool>,
}

fn kill_after(pgid: u32, limit: Duration) -> Watchdog {
    let (done, wait) = mpsc::channel::<()>();
    let thread = std::thread::spawn(move || match wait.recv_timeout(limit) {
        Err(mpsc::RecvTimeoutError::Timeout) => {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{pgid}")])
                .status();
            true
        }
        _ => false,
    });
    Watchdog { done, thread }
}

impl Watchdog {
    /// Stops the watchdog; whether it had killed the process.
    fn finish(self) -> bool {
        let _ = self.done.send(());
        self.thread.join().unwrap_or(false)
    }
}

/// What a failed run said: the most telling lines of its output.
pub fn failure_message(log: &Path, status: &str) -> String {
    let text = fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let telling = lines
        .iter()
        .find(|l| {
            let lower = l.to_lowercase();
            ["error", "panicked", "exception", "fail", "unsupported"]
                .iter()
                .any(|word| lower.contains(word))
        })
        .or(lines.last());
    let Some(line) = telling else {
        return status.to_owned();
    };
    let line = match line.split_once(" panicked at ") {
        Some((_, place)) => panic_message(place, &lines),
        None => (*line).to_owned(),
    };
    format!("{status}: {}", shorten(&line, 160))
}

/// "panicked at typify-impl-0.8.0/src/convert.rs:1357:13: message", from a
/// panic's place (with the registry's path cut) and the line after it.
fn panic_message(place: &str, lines: &[&str]) -> String {
    let place = place.trim_end_matches(':');
    let place = place
        .split_once("/registry/src/")
        .and_then(|(_, rest)| rest.split_once('/'))
        .map_or(place, |(_, file)| file);
    let message = lines
        .iter()
        .skip_while(|l| !l.contains(" panicked at "))
        .nth(1)
        .copied()
        .unwrap_or_default();
    format!("panicked at {place}: {message}")
}

/// `text` cut to at most `max` characters.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max).collect();
    format!("{cut}…")
}

/// The median (the lower middle value of an even count); `None` if empty.
pub fn median<T: Ord + Copy>(values: &mut [T]) -> Option<T> {
    values.sort_unstable();
    let n = values.len();
    (n > 0).then(|| values[(n - 1) / 2])
}

/// A duration with a unit that suits it.
pub fn format_duration(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.2} s")
    } else if secs >= 1e-3 {
        format!("{:.1} ms", secs * 1e3)
    } else {
        format!("{:.1} µs", secs * 1e6)
    }
}

/// KiB as MiB.
pub fn format_kib(kib: u64) -> String {
    format!("{:.0} MiB", kib as f64 / 1024.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_takes_the_middle() {
        assert_eq!(median(&mut [3, 1, 2]), Some(2));
        assert_eq!(median(&mut [4, 1, 3, 2]), Some(2));
        assert_eq!(median::<u32>(&mut []), None);
    }

    #[test]
    fn durations_get_units() {
        assert_eq!(format_duration(Duration::from_millis(1500)), "1.50 s");
        assert_eq!(format_duration(Duration::from_micros(31_400)), "31.4 ms");
        assert_eq!(format_duration(Duration::from_nanos(55_120)), "55.1 µs");
    }

    #[test]
    fn failures_quote_the_error_line() {
        let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
        fs::create_dir_all(&dir).ok();
        let log = dir.join("log.txt");
        fs::write(&log, "starting\nError: unsupported deepObject\nbye\n").ok();
        assert_eq!(
            failure_message(&log, "exit status: 1"),
            "exit status: 1: Error: unsupported deepObject"
        );
        fs::write(
            &log,
            "thread 'main' (7) panicked at /root/.cargo/registry/src/index-1/typify-0.8/src/a.rs:3:1:\n\
             external references are not supported\nstack backtrace:\n",
        )
        .ok();
        assert_eq!(
            failure_message(&log, "exit status: 101"),
            "exit status: 101: panicked at typify-0.8/src/a.rs:3:1: external references are not supported"
        );
        let _ = fs::remove_dir_all(&dir);
    }
}
