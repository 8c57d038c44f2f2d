//! Compile-time behaviour of `#[derive(OdooModel)]` and `#[derive(OdooSelection)]`:
//! programs that must compile, and programs that must not, with the exact messages.
//!
//! The programs that must compile are modules of this test (`pass/`), built with it and run
//! by `programs_that_must_compile_run`. Those that must not are trybuild cases, which trybuild
//! only type-checks (no case is built), so its project of the cases' own costs a `cargo check`
//! of the dependencies, not a build.
//!
//! The cases of `ui/methods` use the typed method calls generated in `method-models`.
//! The cases of `ui/fail` check against the `odoo-schema.json` of the tests package
//! (`../tests`, an Odoo 19 snapshot); those of `ui/two_snapshots` against both
//! `ui/snapshots/odoo16-mini.json` and `ui/snapshots/odoo19-mini.json`. The snapshots are named
//! through `ODOO_SCHEMA` because trybuild compiles the cases in a crate of its own, where a
//! relative path in the attribute would not resolve. Refresh the expected `.stderr` files with
//! `TRYBUILD=overwrite` after a deliberate change.

pub mod pass;

use std::path::Path;

#[test]
fn programs_that_must_compile_run() {
    pass::common_fields::main();
    pass::set_readonly::main();
    pass::shared_handles::main();
    pass::typed_model::main();
}

/// The rustflags trybuild (1.0.122) gives the compiler when it checks the cases.
const TRYBUILD_RUSTFLAGS: [&str; 6] = [
    "--cfg",
    "trybuild",
    "--verbose",
    "-A",
    "dead_code",
    "--diagnostic-width=140",
];

/// trybuild runs cargo twice on its project, first for the dependencies, then for the cases,
/// with rustflags that differ by `--diagnostic-width=140`, so that cargo checks every
/// dependency twice. Flags in the environment take precedence over the ones trybuild passes
/// with `--config`: giving both runs the flags of the second checks the dependencies once.
/// Flags the caller set (coverage, say) are left alone.
fn one_dependency_check_for_trybuild() {
    if std::env::var_os("RUSTFLAGS").is_none()
        && std::env::var_os("CARGO_ENCODED_RUSTFLAGS").is_none()
    {
        std::env::set_var("CARGO_ENCODED_RUSTFLAGS", TRYBUILD_RUSTFLAGS.join("\x1f"));
    }
}

/// trybuild's project has a target directory of its own (`target/tests/trybuild`), where cargo
/// compiled again every procedural macro and build script that this test's own build had
/// compiled (syn, serde_derive, tokio's macros, ...): half of this test's first run. With the
/// build directory (cargo 1.91 and later) set to the one this test was built in, trybuild's
/// cargo finds them there. The cases' results still go to trybuild's own directory, and the
/// dependencies it checks for the cases (with its rustflags, for its `--target`) sit beside
/// this build's without replacing them.
///
/// trybuild's project has no `[profile]` of the workspace's, so its dependencies would be built
/// with full debug information: `debug = false`, as `[profile.dev.package."*"]` of the
/// workspace gives them, makes them the same. Settings the caller made are left alone.
fn share_compiled_macros_with_trybuild() {
    if std::env::var_os("CARGO_BUILD_BUILD_DIR").is_some() {
        return;
    }
    // This test's executable is `<build dir>/<profile>/deps/derive_ui-<hash>`.
    let build_dir = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .filter(|dir| dir.join("CACHEDIR.TAG").is_file());
    if let Some(dir) = build_dir {
        std::env::set_var("CARGO_BUILD_BUILD_DIR", dir);
        if std::env::var_os("CARGO_PROFILE_DEV_DEBUG").is_none() {
            std::env::set_var("CARGO_PROFILE_DEV_DEBUG", "false");
        }
    }
}

#[test]
fn derive_ui() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    one_dependency_check_for_trybuild();
    share_compiled_macros_with_trybuild();
    // The cases are compiled by a cargo process that each run starts; it inherits this.
    // One test, two runs in turn: the variable is the process's.
    std::env::set_var("ODOO_SCHEMA", root.join("../tests/odoo-schema.json"));
    {
        let cases = trybuild::TestCases::new();
        cases.compile_fail("ui/fail/*.rs");
        // Generated typed method calls (crate `method-models`, which names its own snapshot):
        // an argument of the wrong type, a method the model does not have.
        cases.compile_fail("ui/methods/*.rs");
    } // runs here

    let snapshots = root.join("ui/snapshots");
    let both = std::env::join_paths([
        snapshots.join("odoo16-mini.json"),
        snapshots.join("odoo19-mini.json"),
    ])
    .expect("paths without a separator");
    std::env::set_var("ODOO_SCHEMA", both);
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/two_snapshots/fail/*.rs");
}
