//! What the benchmarks ran on: CPU model, cores, memory, kernel, load,
//! toolchain and the sdkgen commit, for the table's header.

use std::fs;
use std::path::Path;
use std::process::Command;

/// Facts about the machine and the build.
#[derive(Clone, Debug)]
pub struct Machine {
    pub cpu: String,
    pub cores: usize,
    pub memory_gib: f64,
    pub kernel: String,
    pub rustc: String,
    pub commit: String,
    pub date: String,
    pub load_at_start: String,
}

impl Machine {
    /// Reads the machine's facts now (the load average is the current one).
    pub fn probe(root: &Path) -> Self {
        Self {
            cpu: cpu_model().unwrap_or_else(|| "unknown CPU".to_owned()),
            cores: std::thread::available_parallelism().map_or(1, usize::from),
            memory_gib: memory_kib().map_or(0.0, |kib| kib as f64 / (1024.0 * 1024.0)),
            kernel: first_line("/proc/sys/kernel/osrelease").unwrap_or_default(),
            rustc: command_output("rustc", &["--version"], root).unwrap_or_default(),
            commit: commit(root),
            date: command_output("date", &["-u", "+%Y-%m-%d %H:%M UTC"], root).unwrap_or_default(),
            load_at_start: load_average(),
        }
    }

    /// The header lines above the table.
    pub fn describe(&self) -> String {
        format!(
            "Machine: {} ({} cores), {:.1} GiB memory, Linux {}; {}.\n\
             sdkgen at {}; run {}; load average (1, 5, 15 min) at start {}, at end {}.",
            self.cpu,
            self.cores,
            self.memory_gib,
            self.kernel,
            self.rustc,
            self.commit,
            self.date,
            self.load_at_start,
            load_average(),
        )
    }
}

/// The 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    first_line("/proc/loadavg")
        .map(|line| {
            line.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(", ")
        })
        .unwrap_or_else(|| "unknown".to_owned())
}

fn cpu_model() -> Option<String> {
    let text = fs::read_to_string("/proc/cpuinfo").ok()?;
    text.lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, model)| model.trim().to_owned())
}

fn memory_kib() -> Option<u64> {
    let text = fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn first_line(path: &str) -> Option<String> {
    let text = fs::read_to_string(path).ok()?;
    text.lines().next().map(|l| l.trim().to_owned())
}

/// The short commit of the checkout, marked when the tree has changes.
fn commit(root: &Path) -> String {
    let head = command_output("git", &["rev-parse", "--short", "HEAD"], root)
        .unwrap_or_else(|| "unknown commit".to_owned());
    let dirty = command_output("git", &["status", "--porcelain"], root)
        .is_some_and(|status| !status.is_empty());
    if dirty {
        format!("{head} (with uncommitted changes)")
    } else {
        head
    }
}

/// The trimmed standard output of a successful command.
pub fn command_output(program: &str, args: &[&str], dir: &Path) -> Option<String> {
    let out = Command::new(program)
        .args(args)
        .current_dir(dir)
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
