//! The server's query workers: a fixed number of child processes (see [`super::worker`]), each
//! doing one task at a time, each task under a deadline and a memory cap.
//!
//! A connection thread takes an idle worker (waiting for one at most until its deadline),
//! sends it the task and waits for the answer. When the deadline passes, or the worker's
//! resident memory grows past the cap, the worker is killed — its memory and CPU come back at
//! once — and a fresh one is started in its place. A worker that dies on its own (a crash) is
//! replaced the same way. So a query that would run forever costs its timeout and nothing more,
//! and the others are answered meanwhile. There are never more than the configured number of
//! workers, and never more than a bounded number of requests waiting for one.

use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use super::worker::{Reply, Task};

/// How often a waiting request checks its worker's memory.
const MEMORY_CHECK: Duration = Duration::from_millis(50);

/// Why a task gave no answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PoolError {
    /// Too many requests are already waiting for a worker.
    Busy,
    /// The deadline passed; the worker was stopped.
    TimedOut,
    /// The worker grew past the memory cap and was stopped.
    TooMuchMemory,
    /// The worker died or could not be started.
    Failed,
}

/// How to start a worker: the program and its arguments.
#[derive(Debug, Clone)]
pub struct WorkerCommand {
    pub program: std::path::PathBuf,
    pub args: Vec<std::ffi::OsString>,
}

/// A running worker.
#[derive(Debug)]
struct Worker {
    process: Child,
    stdin: ChildStdin,
    /// Answers, read from the worker's stdout by a thread of its own.
    replies: Receiver<std::io::Result<Reply>>,
}

impl Worker {
    fn start(command: &WorkerCommand) -> std::io::Result<Self> {
        let mut process = Command::new(&command.program)
            .args(&command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (process.stdin.take(), process.stdout.take()) else {
            let _ = process.kill();
            return Err(std::io::Error::other("worker without pipes"));
        };
        let (sender, replies) = mpsc::channel();
        std::thread::Builder::new().name("newsgraph worker reader".into()).spawn(move || {
            let mut stdout = BufReader::new(stdout);
            loop {
                let reply = Reply::read(&mut stdout);
                let failed = reply.is_err();
                if sender.send(reply).is_err() || failed {
                    return;
                }
            }
        })?;
        Ok(Worker { process, stdin, replies })
    }

    /// Resident memory in bytes, where the system tells it (Linux `/proc`).
    fn resident_memory(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.process.id())).ok()?;
        let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
        let kilobytes: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
        Some(kilobytes * 1024)
    }

    fn stop(mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The workers.
#[derive(Debug)]
pub struct Pool {
    command: WorkerCommand,
    idle: Mutex<Vec<Worker>>,
    returned: Condvar,
    /// Workers alive, idle or busy.
    alive: AtomicUsize,
    size: usize,
    /// Requests waiting for a worker.
    waiting: AtomicUsize,
    max_waiting: usize,
    max_memory: u64,
}

impl Pool {
    /// Starts `size` workers; at most `max_waiting` requests wait for one, and a worker may
    /// hold `max_memory` bytes.
    pub fn new(
        command: WorkerCommand,
        size: usize,
        max_waiting: usize,
        max_memory: u64,
    ) -> std::io::Result<Self> {
        let mut idle = Vec::with_capacity(size);
        for _ in 0..size {
            idle.push(Worker::start(&command)?);
        }
        Ok(Pool {
            command,
            idle: Mutex::new(idle),
            returned: Condvar::new(),
            alive: AtomicUsize::new(size),
            size,
            waiting: AtomicUsize::new(0),
            max_waiting,
            max_memory,
        })
    }

    /// Has a worker do `task`, within `timeout` from now (waiting for a free worker included).
    pub fn run(&self, task: &Task, timeout: Duration) -> Result<Reply, PoolError> {
        let deadline = Instant::now() + timeout;
        let mut worker = self.take(deadline)?;
        let line = serde_json::to_string(task).map_err(|_| PoolError::Failed)?;
        let sent = worker
            .stdin
            .write_all(line.as_bytes())
            .and_then(|()| worker.stdin.write_all(b"\n"))
            .and_then(|()| worker.stdin.flush());
        if sent.is_err() {
            self.replace(worker);
            return Err(PoolError::Failed);
        }
        loop {
            let now = Instant::now();
            if now >= deadline {
                self.replace(worker);
                return Err(PoolError::TimedOut);
            }
            match worker.replies.recv_timeout(MEMORY_CHECK.min(deadline - now)) {
                Ok(Ok(reply)) => {
                    self.give_back(worker);
                    return Ok(reply);
                }
                Ok(Err(_)) | Err(RecvTimeoutError::Disconnected) => {
                    self.replace(worker);
                    return Err(PoolError::Failed);
                }
                Err(RecvTimeoutError::Timeout) => {
                    if worker.resident_memory().is_some_and(|bytes| bytes > self.max_memory) {
                        self.replace(worker);
                        return Err(PoolError::TooMuchMemory);
                    }
                }
            }
        }
    }

    /// An idle worker, waiting for one until `deadline`; starts workers to replace any that
    /// could not be restarted before.
    fn take(&self, deadline: Instant) -> Result<Worker, PoolError> {
        if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
            self.waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(PoolError::Busy);
        }
        let taken = self.wait_for_worker(deadline);
        self.waiting.fetch_sub(1, Ordering::SeqCst);
        taken
    }

    fn wait_for_worker(&self, deadline: Instant) -> Result<Worker, PoolError> {
        let mut idle = self.idle.lock().map_err(|_| PoolError::Failed)?;
        loop {
            if let Some(worker) = idle.pop() {
                return Ok(worker);
            }
            if self.alive.load(Ordering::SeqCst) < self.size {
                self.alive.fetch_add(1, Ordering::SeqCst);
                return Worker::start(&self.command).map_err(|e| {
                    self.alive.fetch_sub(1, Ordering::SeqCst);
                    eprintln!("newsgraph: cannot start a query worker: {e}");
                    PoolError::Failed
                });
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(PoolError::TimedOut);
            }
            idle =
                self.returned.wait_timeout(idle, deadline - now).map_err(|_| PoolError::Failed)?.0;
        }
    }

    fn give_back(&self, worker: Worker) {
        if let Ok(mut idle) = self.idle.lock() {
            idle.push(worker);
            self.returned.notify_one();
        }
    }

    /// Kills a worker and starts another in its place.
    fn replace(&self, worker: Worker) {
        worker.stop();
        match Worker::start(&self.command) {
            Ok(fresh) => self.give_back(fresh),
            Err(e) => {
                // The next request tries again (see `wait_for_worker`).
                self.alive.fetch_sub(1, Ordering::SeqCst);
                eprintln!("newsgraph: cannot restart a query worker: {e}");
                self.returned.notify_one();
            }
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        if let Ok(mut idle) = self.idle.lock() {
            for worker in idle.drain(..) {
                worker.stop();
            }
        }
    }
}
