//! No product links the test keys: their secret seeds are public, so a binary or library that
//! carried them could sign codes every reader trusting the test list accepts.
//!
//! Reads the workspace's resolved dependency graph from `cargo metadata` and follows every
//! normal (not dev, not build) dependency of every workspace package; only this crate and the
//! vector generator may reach `qr1405-testkeys`.
#![allow(clippy::unwrap_used, reason = "a test that cannot unwrap has failed")]

use std::collections::{BTreeMap, BTreeSet};

/// The packages allowed to depend on the test keys outside their tests.
const ALLOWED: [&str; 2] = ["qr1405-testkeys", "qr1405-vectorgen"];

#[test]
fn no_product_package_depends_on_the_test_keys() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = std::process::Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked", "--offline"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let names: BTreeMap<&str, &str> = metadata["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    // Package id -> the ids it depends on normally.
    let normal: BTreeMap<&str, Vec<&str>> = metadata["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|node| {
            let deps = node["deps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|dep| {
                    dep["dep_kinds"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|kind| kind["kind"].is_null())
                })
                .map(|dep| dep["pkg"].as_str().unwrap())
                .collect();
            (node["id"].as_str().unwrap(), deps)
        })
        .collect();
    let members: Vec<&str> = metadata["workspace_members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    let product: Vec<&str> = members
        .iter()
        .copied()
        .filter(|id| !ALLOWED.contains(&names[id]))
        .collect();
    // Guard against a vacuous pass: the workspace has the crates this test is about.
    for name in ["qr1405-cli", "qr1405-conformance", "qr1405-sign"] {
        assert!(
            product.iter().any(|id| names[id] == name),
            "{name} is not a workspace member"
        );
    }
    let mut offenders = Vec::new();
    for &start in &product {
        let mut seen = BTreeSet::new();
        let mut stack = vec![(start, vec![names[start]])];
        while let Some((id, path)) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            if names[id] == "qr1405-testkeys" {
                offenders.push(path.join(" -> "));
                continue;
            }
            for &dep in normal.get(id).map(Vec::as_slice).unwrap_or_default() {
                let mut next = path.clone();
                next.push(names[dep]);
                stack.push((dep, next));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "product packages link the test keys:\n{}",
        offenders.join("\n")
    );
}
