//! Release builds of the `countiq` binary for `x86_64-unknown-linux-gnu`
//! place the functions a command runs side by side:
//! `layout/hot-functions.txt` lists them (`layout/regenerate` writes it),
//! and the linker (`rust-lld`, the default on that target) orders them
//! first. A short command then loads its code with a third of the page
//! faults. A name the build no longer has is skipped without a word;
//! `tests/cli/shipped.rs` fails when too many are, so that the list is
//! regenerated.

use std::env;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=layout/hot-functions.txt");
    let target = env::var("TARGET").unwrap_or_default();
    let profile = env::var("PROFILE").unwrap_or_default();
    if target != "x86_64-unknown-linux-gnu" || profile != "release" {
        return;
    }
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let list = Path::new(&manifest).join("layout/hot-functions.txt");
    println!(
        "cargo::rustc-link-arg-bin=countiq=-Wl,--symbol-ordering-file={}",
        list.display()
    );
    println!("cargo::rustc-link-arg-bin=countiq=-Wl,--no-warn-symbol-ordering");
}
