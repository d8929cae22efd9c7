//! The jq and TSV recipes in the README, run exactly as written.

use std::path::Path;
use std::process::Command;

use crate::util::{Env, binary};

/// The shell lines between the README's `<!-- MARKER -->` and
/// `<!-- /MARKER -->`, comments left out.
fn recipes(marker: &str) -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let start = readme
        .find(&format!("<!-- {marker} -->"))
        .expect("start marker");
    let end = readme
        .find(&format!("<!-- /{marker} -->"))
        .expect("end marker");
    readme[start..end]
        .lines()
        .filter(|line| line.starts_with("countiq "))
        .map(str::to_owned)
        .collect()
}

/// True when `tool` can run; otherwise says why the test skips. CI sets
/// `COUNTIQ_REQUIRE_TOOLS` so that a missing tool fails instead.
pub fn have_tool(tool: &str) -> bool {
    if Command::new(tool).arg("--version").output().is_ok() {
        return true;
    }
    assert!(
        std::env::var_os("COUNTIQ_REQUIRE_TOOLS").is_none(),
        "{tool} is required here (COUNTIQ_REQUIRE_TOOLS is set) but not installed"
    );
    eprintln!("skipping: {tool} is not installed (apt-get install -y {tool})");
    false
}

#[test]
fn every_jq_recipe_in_the_readme_works_as_written() {
    if !have_tool("jq") {
        return;
    }
    let env = Env::new();
    env.add("milk", 2);
    env.add("oat milk", 6);
    env.add("bread", 1);
    env.ok(&["adjust", "milk", "+3", "--reason", "delivery"]);
    env.ok(&["adjust", "milk", "-2"]);
    env.ok(&["edit", "bread", "--min", "4"]);
    let expected = [
        "bread\n",
        "10\n",
        "oat milk\t6\nmilk\t3\nbread\t1\n",
        "conflict\n",
        "5 -> 3 \n2 -> 5 delivery\n",
        "1\n",
        "bread: 3\n",
    ];
    run_recipes(&env, "jq-recipes", &expected);
}

#[test]
fn every_tsv_recipe_in_the_readme_works_as_written() {
    if !(have_tool("sort") && have_tool("awk")) {
        return;
    }
    let env = Env::new();
    env.add("milk", 2);
    env.add("oat milk", 6);
    env.add("bread", 1);
    env.ok(&["adjust", "oat milk", "-1"]);
    let expected = ["1\tbread\n2\tmilk\n", "8\n", "oat milk\t6\t5\n"];
    run_recipes(&env, "tsv-recipes", &expected);
}

#[test]
fn every_location_and_tag_recipe_in_the_readme_works_as_written() {
    if !have_tool("sort") {
        return;
    }
    let env = Env::new();
    env.ok(&["add", "drill", "--at", "garage/shelf-2", "--min", "2"]);
    env.ok(&["add", "saw", "--at", "garage", "--qty", "5", "--min", "1"]);
    env.ok(&["add", "hammer", "--at", "workshop", "--qty", "3"]);
    env.ok(&["add", "bleach"]);
    env.ok(&["add", "soap"]);
    env.ok(&["tag", "bleach", "cleaning", "hazard"]);
    env.ok(&["tag", "soap", "cleaning"]);
    let expected = [
        "drill\t1\n",
        "bleach\n",
        "garage\t1\t5\nworkshop\t1\t3\ngarage/shelf-2\t1\t1\n",
    ];
    run_recipes(&env, "details-recipes", &expected);
}

/// Runs each recipe between the README's `marker`s with `sh`, in `env`,
/// and checks it prints what `expected` says, in order.
fn run_recipes(env: &Env, marker: &str, expected: &[&str]) {
    let recipes = recipes(marker);
    assert_eq!(recipes.len(), expected.len(), "{recipes:#?}");
    let path = format!(
        "{}:{}",
        binary().parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    for (recipe, &expected) in recipes.iter().zip(expected) {
        // The same clean environment as every other test, through `sh`.
        let template = env.command(&[]);
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg(recipe)
            .env("PATH", &path)
            .current_dir(env.dir());
        for (key, value) in template.get_envs() {
            match value {
                Some(value) => sh.env(key, value),
                None => sh.env_remove(key),
            };
        }
        let output = sh.output().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&output.stdout),
            expected,
            "recipe: {recipe}\nstderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(output.status.success(), "recipe: {recipe}");
    }
}
