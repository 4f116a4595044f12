//! National scale: build, sign, read back and verify a million personal codes on every core of
//! this machine, each stage timed on its own, and the time for 100 million worked out from it.
//!
//! ```sh
//! cargo run --release -p qr1405-sign --example national_scale -- [COUNT] [THREADS]
//! ```
//!
//! COUNT defaults to 1,000,000 and THREADS to the cores the system reports. Every person gets a
//! code of their own (document number, QID, phone, name and birth date vary), signed by one
//! issuer key generated for the run and checked against a trust list holding it, signed by a
//! root key generated for the run: no key of the project is used. The program stops with an
//! error if any code fails to build, sign, parse or verify, so the figures count only work that
//! succeeded.

use std::{
    error::Error,
    thread,
    time::{Duration, Instant},
};

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use qr1405_payload::{PersonalCode, Record};
use qr1405_sign::{SecretKey, Time, TrustList, sign_trust_list};

const NATION: u64 = 100_000_000;

const FAMILY: [&str; 6] = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ"];
const MIDDLE: [&str; 4] = ["Văn", "Thị", "Minh", "Hữu"];
const GIVEN: [&str; 7] = ["An", "Bình", "Khai", "Lan", "Hùng", "Thảo", "Dũng"];

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().map_or(Ok(1_000_000), |a| a.parse())?;
    let threads: usize = match args.next() {
        Some(a) => a.parse()?,
        None => thread::available_parallelism()?.get(),
    };
    let at: Time = "2022-06-01T00:00:00Z".parse()?;

    let issuer = SecretKey::generate()?;
    let root = SecretKey::generate()?;
    let trust = trust_list(&issuer, &root)?;
    println!("{count} codes on {threads} threads");

    let (records, _) = timed("records", count, threads, 0..count, |range| {
        Ok::<_, std::convert::Infallible>(range.map(record).collect())
    })?;
    let (codes, build) = timed("build", count, threads, &records, |records| {
        records.iter().map(PersonalCode::from_record).collect()
    })?;
    let (signed, sign) = timed("sign", count, threads, &codes, |codes| {
        codes.iter().map(|code| issuer.sign(code, at)).collect()
    })?;
    let texts: Vec<String> = signed.iter().map(|code| code.as_str().to_owned()).collect();
    let (read, parse) = timed("parse", count, threads, &texts, |texts| {
        texts.iter().map(|text| PersonalCode::parse(text)).collect()
    })?;
    let (_, verify) = timed("verify", count, threads, &read, |codes| {
        codes
            .iter()
            .map(|code| valid(trust.verify(code, at).is_valid()))
            .collect::<Result<Vec<()>, _>>()
    })?;
    let (_, batch) = timed("verify_batch", count, threads, &read, |codes| {
        trust
            .verify_batch(codes, at)
            .iter()
            .map(|verdict| valid(verdict.is_valid()))
            .collect::<Result<Vec<()>, _>>()
    })?;

    println!();
    println!("100 million codes on this machine, from these figures:");
    for (what, last) in [("verify one by one", verify), ("verify_batch", batch)] {
        let stages = [build, sign, parse, last];
        let wall: Duration = stages.iter().map(|s| s.elapsed).sum();
        println!("  build, sign, parse, {what}:");
        println!(
            "    wall clock of this run: {}",
            nation(wall.as_secs_f64(), count)
        );
        if let Some(cpu) = stages.iter().map(|s| s.cpu).sum::<Option<f64>>() {
            println!(
                "    CPU time over {threads} free cores: {}",
                nation(cpu / threads as f64, count)
            );
        }
    }
    Ok(())
}

/// The record of the `i`th person.
fn record(i: usize) -> Record {
    let n = i as u64;
    let name = format!(
        "{} {} {}",
        FAMILY[i % FAMILY.len()],
        MIDDLE[(i / 7) % MIDDLE.len()],
        GIVEN[(i / 3) % GIVEN.len()]
    );
    let birth = format!(
        "{}-{:02}-{:02}",
        1930 + n % 90,
        1 + (n / 90) % 12,
        1 + (n / 1080) % 28
    );
    let mut record = Record::new(name, birth, format!("{:018}", 162_979_388_586_171_100 + n));
    record.document_number = Some(format!("{:012}", 1_000_000_000 + n));
    record.phone = Some(format!("09{:08}", n % 100_000_000));
    record
}

/// A trust list with `issuer`'s key, valid for ten years from 2021, signed by `root`.
fn trust_list(issuer: &SecretKey, root: &SecretKey) -> Result<TrustList, Box<dyn Error>> {
    let list = serde_json::json!({
        "version": 1,
        "sequence": 1,
        "issued_at": "2022-06-01T00:00:00Z",
        "issuers": [{
            "id": "issuer",
            "name": "Issuer",
            "keys": [{
                "key_id": URL_SAFE_NO_PAD.encode(issuer.key_id().to_bytes()),
                "public_key": URL_SAFE_NO_PAD.encode(issuer.public_key().to_bytes()),
                "not_before": "2021-09-11T00:00:00Z",
                "not_after": "2031-09-11T00:00:00Z",
                "status": "active"
            }]
        }]
    });
    let signed = sign_trust_list(list.to_string().as_bytes(), root)?;
    Ok(TrustList::from_json(signed.as_bytes(), &root.public_key())?)
}

fn valid(is_valid: bool) -> Result<(), String> {
    is_valid
        .then_some(())
        .ok_or_else(|| "a code did not verify".to_owned())
}

/// Runs `work` over `threads` equal shares of `items`, prints the stage's wall time, and
/// returns the results in order with that time.
fn timed<I, T, E>(
    stage: &str,
    count: usize,
    threads: usize,
    items: I,
    work: impl Fn(I::Share) -> Result<Vec<T>, E> + Sync,
) -> Result<(Vec<T>, Stage), Box<dyn Error>>
where
    I: Shares,
    T: Send,
    E: std::fmt::Display + Send,
{
    let shares = items.shares(threads);
    let cpu_before = cpu_seconds();
    let started = Instant::now();
    let results: Vec<Result<Vec<T>, E>> = thread::scope(|scope| {
        let handles: Vec<_> = shares
            .into_iter()
            .map(|share| scope.spawn(|| work(share)))
            .collect();
        handles
            .into_iter()
            .map(|handle| handle.join().expect("a worker panicked"))
            .collect()
    });
    let elapsed = started.elapsed();
    let cpu = cpu_seconds()
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let mut all = Vec::with_capacity(count);
    for result in results {
        all.extend(result.map_err(|e| format!("{stage}: {e}"))?);
    }
    let per_code = |seconds: f64| seconds * 1e6 / count as f64;
    match cpu {
        Some(cpu) => println!(
            "{stage:>12}: {:8.2} s wall, {:8.2} s CPU, {:6.2} µs CPU per code",
            elapsed.as_secs_f64(),
            cpu,
            per_code(cpu)
        ),
        None => println!("{stage:>12}: {:8.2} s wall", elapsed.as_secs_f64()),
    }
    Ok((all, Stage { elapsed, cpu }))
}

/// What a stage's work can be split into, one share per thread.
trait Shares {
    type Share: Send;
    fn shares(self, threads: usize) -> Vec<Self::Share>;
}

impl<'a, T: Sync> Shares for &'a Vec<T> {
    type Share = &'a [T];
    fn shares(self, threads: usize) -> Vec<&'a [T]> {
        self.chunks(self.len().div_ceil(threads).max(1)).collect()
    }
}

impl Shares for std::ops::Range<usize> {
    type Share = std::ops::Range<usize>;
    fn shares(self, threads: usize) -> Vec<std::ops::Range<usize>> {
        let step = self.len().div_ceil(threads).max(1);
        (self.start..self.end)
            .step_by(step)
            .map(|start| start..(start + step).min(self.end))
            .collect()
    }
}

/// What a stage took: the wall clock, and the CPU time of the whole process where the
/// system tells it.
#[derive(Clone, Copy)]
struct Stage {
    elapsed: Duration,
    cpu: Option<f64>,
}

/// The process's user and system CPU time so far, from `/proc/self/stat` (Linux), in seconds
/// at the kernel's 100 Hz accounting.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// `seconds` for `count` codes, scaled to the nation.
fn nation(seconds: f64, count: usize) -> String {
    let seconds = seconds * NATION as f64 / count as f64;
    format!("{:.0} s ({:.1} min)", seconds, seconds / 60.0)
}
