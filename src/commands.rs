//! What each subcommand does. `main.rs` only parses and maps the result to an exit code.

use crate::cli::{Cli, Command, TranslateCommand};
use crate::exercises::{self, Loaded, read_limited};
use crate::scenario::{Diagnostic, Severity};
use crate::session::script::Script;
use crate::session::{Controller, Persona};
use crate::sim::run::{self, Output};
use crate::{tr, trn};
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// `eprintln!` for diagnostics and notes, minus its panic when standard error is closed or
/// its reader gone (`2>&-`, a pipe that ended): a message nobody can read is no reason to
/// crash. Standard output is written the same way, with `let _ = writeln!(out, ...)`.
macro_rules! eprintln {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// How a command failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// Problems were already printed (diagnostics); exit 1.
    Reported,
    /// Bad arguments; exit 2.
    Usage(String),
    /// Anything else; one sentence on stderr, exit 1.
    Runtime(anyhow::Error),
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

pub fn dispatch(cli: Cli) -> Result<(), Failure> {
    dispatch_in(cli, None)
}

/// Run a command with exercise text in a language (`fr`, `es`; `None` for English): `run`,
/// `play`, `explore` and `pack` load the exercise's translation (see `exercises::find_translated`).
pub fn dispatch_in(cli: Cli, language: Option<&str>) -> Result<(), Failure> {
    match cli.command {
        None => crate::tui::run_launcher().map_err(Failure::Runtime),
        Some(Command::List { json }) => list(json),
        Some(Command::Check {
            paths,
            deny_warnings,
            json,
            watch,
            deep,
        }) => {
            if watch {
                return crate::authoring::watch::watch(&paths, deny_warnings)
                    .map_err(|e| Failure::Runtime(e.into()));
            }
            let checked = check(&paths, deny_warnings, json);
            if deep {
                let deep_result = deep_check(&paths);
                checked.and(deep_result)
            } else {
                checked
            }
        }
        Some(Command::New { file }) => new_exercise(&file),
        Some(Command::Graph { exercise, format }) => graph(&exercise, &format),
        Some(Command::Run {
            exercise,
            seed,
            script,
            roles,
            json,
            save,
        }) => run_headless(
            &exercise,
            language,
            seed,
            script.as_deref(),
            &roles,
            json,
            save.as_deref(),
        ),
        Some(Command::Explore {
            exercise,
            runs,
            seed,
            jobs,
            strategy,
            deny_unreached,
            json,
        }) => explore(
            &exercise,
            language,
            runs,
            seed,
            jobs,
            &strategy,
            deny_unreached,
            json,
        ),
        Some(Command::Play {
            exercise,
            seed,
            roles,
        }) => {
            let loaded = load_or_report_in(&exercise, language)?;
            let assignments = parse_roles(&loaded, &roles, true)?;
            crate::tui::run_exercise(loaded, seed, assignments).map_err(Failure::Runtime)
        }
        Some(Command::Resume { save }) => {
            crate::tui::run_resume(save.as_deref()).map_err(Failure::Runtime)
        }
        Some(Command::Report {
            save,
            format,
            output,
        }) => report(&save, &format, output.as_deref()),
        Some(Command::Compare {
            saves,
            format,
            output,
        }) => compare(&saves, &format, output.as_deref()),
        Some(Command::Pack {
            exercise,
            format,
            output,
            plan,
        }) => pack(
            &exercise,
            language,
            &format,
            output.as_deref(),
            plan.parse().unwrap_or(crate::pack::DEFAULT_PLAN),
        ),
        Some(Command::Scores {
            save,
            role,
            pre,
            post,
        }) => scores(&save, &role, pre, post),
        Some(Command::Translate { action }) => translate(action),
    }
}

/// Load an exercise, printing its diagnostics if it does not load.
fn load_or_report(name: &str) -> Result<Loaded, Failure> {
    exercises::find(name).map_err(report_load_error)
}

/// Load an exercise in a language; a text without a fresh translation stays in English,
/// and a note on stderr says how many.
fn load_or_report_in(name: &str, language: Option<&str>) -> Result<Loaded, Failure> {
    let Some(language) = language else {
        return load_or_report(name);
    };
    let (loaded, coverage) =
        exercises::find_translated(name, language).map_err(report_load_error)?;
    if language != crate::translation::SOURCE_LANGUAGE && !coverage.is_complete() {
        eprintln!(
            "{}",
            tr!(
                "cli.note.untranslated",
                missing = coverage.in_english(),
                texts = coverage.translated + coverage.in_english(),
                exercise = loaded.compiled.exercise.id,
                language = language
            )
        );
    }
    Ok(loaded)
}

fn report_load_error(e: crate::scenario::LoadError) -> Failure {
    for d in &e.diagnostics {
        eprintln!("{d}");
    }
    Failure::Reported
}

fn list(json: bool) -> Result<(), Failure> {
    let shipped = exercises::shipped();
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<serde_json::Value> = shipped
            .iter()
            .map(|l| {
                let ex = &l.compiled.exercise;
                serde_json::json!({
                    "id": ex.id,
                    "title": ex.title,
                    "context": ex.context,
                    "roles": ex.roles.iter().map(|r| serde_json::json!({"id": r.id, "name": r.name})).collect::<Vec<_>>(),
                    "duration_minutes": ex.duration_minutes,
                    "stages": ex.stages.len(),
                    "endings": ex.endings.len(),
                })
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::json!({ "exercises": items }));
        return Ok(());
    }
    // The JSON above stays in English, like every JSON output; the lines are for people.
    let shown = match crate::i18n::current() {
        crate::i18n::Lang::En => shipped,
        other => exercises::shipped_in(other.code()),
    };
    for l in &shown {
        let ex = &l.compiled.exercise;
        let roles: Vec<&str> = ex.roles.iter().map(|r| r.name.as_str()).collect();
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "cli.list.line",
                id = ex.id,
                title = ex.title,
                context = ex.context,
                roles = roles.join(", "),
                minutes = ex.duration_minutes
            )
        );
    }
    Ok(())
}

/// Every `.ron` exercise file under the given paths (translation sidecars excepted).
fn exercise_files(paths: &[String]) -> Result<Vec<PathBuf>, Failure> {
    let mut files = Vec::new();
    for p in paths {
        let path = Path::new(p);
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|e| {
                    Failure::Runtime(anyhow::anyhow!("{p}: {}", exercises::io_message(&e)))
                })?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| {
                    let name = f
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    name.ends_with(".ron") && name.matches('.').count() == 1
                })
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(Failure::Runtime(anyhow::anyhow!(tr!(
                    "cli.check.no_files",
                    path = p
                ))));
            }
            files.extend(found);
        } else {
            files.push(path.to_path_buf());
        }
    }
    Ok(files)
}

fn check(paths: &[String], deny_warnings: bool, json: bool) -> Result<(), Failure> {
    let files = exercise_files(paths)?;
    let mut all: Vec<Diagnostic> = Vec::new();
    let mut results: Vec<(String, bool)> = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let name = file.to_string_lossy().into_owned();
        let (diagnostics, exercise) = check_file_keeping(&name, file);
        // The command exits after the last file: freeing every string and list of a large
        // exercise one by one would cost a sixth of it, for nothing. The others are freed,
        // so a folder of many files does not pile up. (`--watch` loops, and frees.)
        if i + 1 == files.len() {
            std::mem::forget(exercise);
        }
        let failed = diagnostics
            .iter()
            .any(|d| d.is_error() || (deny_warnings && d.severity == Severity::Warning));
        results.push((name, !failed));
        all.extend(diagnostics);
    }
    for folder in paths.iter().map(Path::new).filter(|p| p.is_dir()) {
        all.extend(crate::translation::check::orphan_sidecars(folder));
    }
    let errors = all.iter().filter(|d| d.is_error()).count();
    let warnings = all.len() - errors;
    let failed = errors > 0 || (deny_warnings && warnings > 0);
    let mut out = std::io::stdout().lock();
    if json {
        let value = serde_json::json!({
            "files": results.iter().map(|(f, ok)| serde_json::json!({"path": f, "ok": ok})).collect::<Vec<_>>(),
            "diagnostics": all.iter().map(|d| serde_json::json!({
                "file": d.file, "line": d.line, "col": d.col,
                "severity": if d.is_error() { "error" } else { "warning" },
                "message": d.message,
            })).collect::<Vec<_>>(),
            "errors": errors,
            "warnings": warnings,
        });
        let _ = writeln!(out, "{value}");
    } else {
        for d in &all {
            let _ = writeln!(out, "{d}");
        }
        for (file, ok) in &results {
            if *ok && !all.iter().any(|d| &d.file == file) {
                let _ = writeln!(out, "{}", tr!("cli.check.ok", file = file));
            }
        }
        let _ = writeln!(
            out,
            "{}",
            tr!(
                "cli.check.summary",
                files = trn!("cli.check.files", results.len()),
                errors = trn!("cli.check.errors", errors),
                warnings = trn!("cli.check.warnings", warnings)
            )
        );
    }
    if failed {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

/// All diagnostics for one file: reading, parsing, validation, compilation, and the
/// translation sidecars beside it.
pub fn check_file(name: &str, path: &Path) -> Vec<Diagnostic> {
    check_file_keeping(name, path).0
}

/// As [`check_file`], handing back the exercise too (when it loaded), so that the caller
/// decides when (or whether) to free it.
fn check_file_keeping(
    name: &str,
    path: &Path,
) -> (Vec<Diagnostic>, Option<crate::scenario::Exercise>) {
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(m) => return (vec![Diagnostic::error(name, 0, 0, m)], None),
    };
    let text = match crate::scenario::load::decode_text(name, &bytes) {
        Ok(text) => text,
        Err(d) => return (vec![d], None),
    };
    match crate::scenario::load::load_exercise_text(name, text) {
        Ok((exercise, warnings)) => {
            let mut out = warnings;
            if let Err(m) = crate::engine::compiled::compiles(&exercise) {
                out.push(Diagnostic::error(name, 0, 0, m));
            }
            // The sidecars are checked against the whole file, byte-order mark included
            // (which decoding strips); a file without one is decoded once only.
            let whole = if text.len() == bytes.len() {
                std::borrow::Cow::Borrowed(text)
            } else {
                String::from_utf8_lossy(&bytes)
            };
            out.extend(crate::translation::check::check_sidecars_beside(
                name, path, &exercise, &whole,
            ));
            (out, Some(exercise))
        }
        Err(e) => (e.diagnostics, None),
    }
}

/// `ROLE=PERSONA` (or `ROLE=human` where people may play) for each `--role`.
pub fn parse_roles(
    loaded: &Loaded,
    args: &[String],
    humans_allowed: bool,
) -> Result<Vec<(String, Controller)>, Failure> {
    let ex = &loaded.compiled.exercise;
    let mut out = Vec::new();
    for arg in args {
        let Some((role, who)) = arg.split_once('=') else {
            return Err(Failure::Usage(tr!("cli.role.syntax", arg = arg)));
        };
        if !ex.roles.iter().any(|r| r.id == role) {
            let ids: Vec<&str> = ex.roles.iter().map(|r| r.id.as_str()).collect();
            return Err(Failure::Usage(tr!(
                "cli.role.unknown",
                role = role,
                exercise = ex.id,
                roles = ids.join(", ")
            )));
        }
        let controller = if who == "human" {
            if !humans_allowed {
                return Err(Failure::Usage(tr!("cli.role.no_humans").into()));
            }
            Controller::Human
        } else {
            Controller::Persona(who.parse::<Persona>().map_err(Failure::Usage)?)
        };
        out.push((role.to_string(), controller));
    }
    Ok(out)
}

fn run_headless(
    exercise: &str,
    language: Option<&str>,
    seed: u64,
    script_path: Option<&str>,
    roles: &[String],
    json: bool,
    save: Option<&str>,
) -> Result<(), Failure> {
    let loaded = load_or_report_in(exercise, language)?;
    let assignments = parse_roles(&loaded, roles, false)?;
    let personas: Vec<(String, Persona)> = assignments
        .into_iter()
        .filter_map(|(r, c)| match c {
            Controller::Persona(p) => Some((r, p)),
            Controller::Human => None,
        })
        .collect();
    let script = match script_path {
        Some(path) => {
            let bytes = read_limited(Path::new(path))
                .map_err(|m| Failure::Runtime(anyhow::anyhow!("{path}: {m}")))?;
            let script = Script::parse(path, &bytes).map_err(|d| {
                eprintln!("{d}");
                Failure::Reported
            })?;
            if let Some(id) = &script.exercise
                && *id != loaded.compiled.exercise.id
            {
                eprintln!(
                    "{}",
                    Diagnostic::error(
                        path,
                        1,
                        1,
                        tr!(
                            "cli.script.other_exercise",
                            id = id,
                            exercise = loaded.compiled.exercise.id
                        )
                    )
                );
                return Err(Failure::Reported);
            }
            Some(script)
        }
        None => None,
    };
    let controllers = run::controllers_for(&loaded.compiled, &personas, script.as_ref());
    let output = if json {
        Output::Json
    } else {
        Output::Transcript
    };
    match run::run(
        loaded.compiled.clone(),
        seed,
        controllers,
        script.as_ref(),
        output,
    ) {
        Ok((session, text)) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            if let Some(path) = save {
                use crate::session::save::{Meta, SaveFile, now_secs, write_atomic};
                let now = now_secs();
                let meta = Meta {
                    started: now,
                    updated: now,
                    ..Meta::default()
                };
                let file = SaveFile::from_session(&session, &loaded, meta);
                write_atomic(Path::new(path), &file.to_text())
                    .map_err(|e| Failure::Runtime(e.into()))?;
            }
            Ok(())
        }
        Err(run::RunError::Script(d)) => {
            eprintln!("{d}");
            Err(Failure::Reported)
        }
        Err(e) => Err(Failure::Runtime(anyhow::anyhow!("{e}"))),
    }
}

pub use crate::limits::MAX_EXPLORE_RUNS;

#[allow(clippy::too_many_arguments)]
fn explore(
    exercise: &str,
    language: Option<&str>,
    runs: u64,
    seed: u64,
    jobs: Option<usize>,
    strategy: &str,
    deny_unreached: bool,
    json: bool,
) -> Result<(), Failure> {
    use crate::sim::explore::{self, PERSONA_RUNS, Strategy};
    let strategy: Strategy = strategy.parse().map_err(Failure::Usage)?;
    if runs == 0 || runs > MAX_EXPLORE_RUNS {
        return Err(Failure::Usage(tr!(
            "cli.explore.runs",
            max = crate::limits::thousands(MAX_EXPLORE_RUNS)
        )));
    }
    if jobs == Some(0) {
        return Err(Failure::Usage(tr!("cli.explore.jobs").into()));
    }
    let loaded = load_or_report_in(exercise, language)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Runtime(anyhow::anyhow!(tr!("cli.explore.threads", error = e))))?;
    use std::io::IsTerminal as _;
    let started = std::time::Instant::now();
    let compiled = &loaded.compiled;
    let mut report = if explore::shows_progress(
        std::io::stderr().is_terminal(),
        json,
        std::io::stdout().is_terminal(),
    ) {
        explore_with_progress_bar(&pool, runs, |done| {
            explore::explore_observed(compiled, runs, seed, strategy, PERSONA_RUNS, Some(done))
        })
    } else {
        pool.install(|| explore::explore(compiled, runs, seed, strategy))
    };
    report.elapsed_ms = started.elapsed().as_millis() as u64;
    let mut out = std::io::stdout().lock();
    if json {
        let text = serde_json::to_string(&report)
            .map_err(|e| Failure::Runtime(anyhow::anyhow!(tr!("cli.json", error = e))))?;
        let _ = writeln!(out, "{text}");
    } else {
        let _ = write!(out, "{}", explore::render_text(&loaded.compiled, &report));
    }
    if deny_unreached && !report.never_reached.is_empty() {
        eprintln!(
            "{}{}",
            tr!("cli.error_prefix"),
            trn!("cli.explore.unreached", report.never_reached.len())
        );
        return Err(Failure::Reported);
    }
    Ok(())
}

/// Run `explore` on the pool while this thread redraws a progress bar on standard error
/// every `PROGRESS_EVERY`, from the runs `explore` reports done. Nothing is drawn for a
/// run that ends before the first redraw, and the bar is erased at the end.
fn explore_with_progress_bar<R: Send>(
    pool: &rayon::ThreadPool,
    runs: u64,
    explore: impl FnOnce(&std::sync::atomic::AtomicU64) -> R + Send,
) -> R {
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::mpsc::{RecvTimeoutError, channel};
    const PROGRESS_EVERY: std::time::Duration = std::time::Duration::from_millis(100);
    let done = AtomicU64::new(0);
    let (finished, wait) = channel::<()>();
    std::thread::scope(|scope| {
        let done = &done;
        let worker = scope.spawn(move || {
            let result = pool.install(|| explore(done));
            let _ = finished.send(());
            result
        });
        let mut drawn = false;
        while let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(PROGRESS_EVERY) {
            let line = crate::sim::explore::progress_line(done.load(Ordering::Relaxed), runs);
            let _ = write!(std::io::stderr(), "\r{line}");
            drawn = true;
        }
        if drawn {
            let _ = write!(std::io::stderr(), "\r\x1b[K");
        }
        match worker.join() {
            Ok(result) => result,
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// Write text to `-o FILE` (atomically) or to standard output.
fn write_output(text: &str, output: Option<&str>) -> Result<(), Failure> {
    match output {
        Some(path) => crate::session::save::write_document(Path::new(path), text)
            .map_err(|e| Failure::Runtime(e.into())),
        None => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(text.as_bytes());
            Ok(())
        }
    }
}

/// Replay a save for a report; the save file is only read.
fn resume_for_report(path: &str) -> Result<crate::session::save::Resumed, Failure> {
    crate::session::save::resume(Path::new(path)).map_err(|e| Failure::Runtime(e.into()))
}

fn report(save: &str, format: &str, output: Option<&str>) -> Result<(), Failure> {
    use crate::report::{ReportFormat, render_report};
    let format = match format {
        "md" | "markdown" => ReportFormat::Markdown,
        "html" => ReportFormat::Html,
        "csv" => ReportFormat::Csv,
        other => {
            return Err(Failure::Usage(tr!("cli.report.format", format = other)));
        }
    };
    let resumed = resume_for_report(save)?;
    write_output(&render_report(&resumed, format), output)
}

fn compare(saves: &[String], format: &str, output: Option<&str>) -> Result<(), Failure> {
    use crate::report::{CompareFormat, render_comparison};
    let format = match format {
        "text" | "txt" => CompareFormat::Text,
        "md" | "markdown" => CompareFormat::Markdown,
        "html" => CompareFormat::Html,
        other => {
            return Err(Failure::Usage(tr!("cli.compare.format", format = other)));
        }
    };
    let mut tables = Vec::with_capacity(saves.len());
    for save in saves {
        let label = Path::new(save)
            .file_name()
            .map_or_else(|| save.clone(), |n| n.to_string_lossy().into_owned());
        tables.push((label, resume_for_report(save)?));
    }
    // Saves with the same file name in different folders are told apart by their paths.
    let names: Vec<String> = tables.iter().map(|(l, _)| l.clone()).collect();
    for ((label, _), save) in tables.iter_mut().zip(saves) {
        if names.iter().filter(|n| *n == label).count() > 1 {
            label.clone_from(save);
        }
    }
    let text =
        render_comparison(&tables, format).map_err(|m| Failure::Runtime(anyhow::anyhow!(m)))?;
    write_output(&text, output)
}

/// `check --deep`: random runs, then a search for whatever they missed, per file that
/// passed the ordinary check.
fn deep_check(paths: &[String]) -> Result<(), Failure> {
    use crate::sim::search;
    let files = exercise_files(paths)?;
    let mut out = std::io::stdout().lock();
    let mut unreachable = 0;
    for file in &files {
        let name = file.to_string_lossy().into_owned();
        let Ok(loaded) = exercises::find(&name) else {
            let _ = writeln!(out, "{}", tr!("cli.deep.skipped", file = name));
            continue;
        };
        let report = search::deep_check(&loaded.compiled);
        unreachable += report.unreachable();
        let _ = write!(
            out,
            "{}",
            search::render_text(&loaded.compiled, &report, &name, &name)
        );
    }
    if unreachable > 0 {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

/// `crossings new FILE`: the commented starter, never over an existing file.
fn new_exercise(file: &str) -> Result<(), Failure> {
    let path = Path::new(file);
    let text = crate::authoring::starter::write_starter(path)
        .map_err(|e| Failure::Runtime(anyhow::anyhow!("{e}")))?;
    let id = crate::scenario::load_exercise(file, text.as_bytes())
        .map(|(ex, _)| ex.id)
        .unwrap_or_else(|_| "starter".into());
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", tr!("cli.new.wrote", file = file, id = id));
    let _ = writeln!(out, "{}", tr!("cli.new.next", file = file));
    Ok(())
}

/// `crossings graph`: the scenario graph as DOT or Mermaid.
fn graph(exercise: &str, format: &str) -> Result<(), Failure> {
    use crate::authoring::graph::{GraphFormat, render};
    let format: GraphFormat = format.parse().map_err(Failure::Usage)?;
    let loaded = load_or_report(exercise)?;
    let text = render(&loaded.compiled.exercise, format);
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes());
    Ok(())
}

/// `crossings pack`: write the print pack into a folder and list what was written.
fn pack(
    exercise: &str,
    language: Option<&str>,
    format: &str,
    output: Option<&str>,
    plan: u32,
) -> Result<(), Failure> {
    use crate::pack::{Pack, PackFormat};
    let format = match format {
        "html" => PackFormat::Html,
        "md" | "markdown" => PackFormat::Markdown,
        other => {
            return Err(Failure::Usage(tr!("cli.pack.format", format = other)));
        }
    };
    let loaded = load_or_report_in(exercise, language)?;
    let ex = &loaded.compiled.exercise;
    let dir = match output {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(format!("{}-pack", crate::text::safe_stem(&ex.id))),
    };
    let pack = Pack::build(&loaded.compiled, plan);
    let written = crate::pack::write(&pack, format, &dir)
        .map_err(|e| Failure::Runtime(anyhow::anyhow!("{e}")))?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        tr!(
            "cli.pack.wrote",
            id = ex.id,
            minutes = plan,
            dir = dir.display()
        )
    );
    for path in &written {
        let name = path
            .file_name()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        let _ = writeln!(out, "  {name}");
    }
    Ok(())
}

/// `crossings scores`: append a delegation's knowledge-check scores to a save. The save
/// is read and replayed first; a save that does not read, or scores that do not fit the
/// exercise, leave the file untouched.
fn scores(save: &str, role: &str, pre: Option<u32>, post: Option<u32>) -> Result<(), Failure> {
    use crate::engine::Action;
    use crate::session::LogEntry;
    use crate::session::save::{SaveFile, now_secs, resume, write_atomic};
    if pre.is_none() && post.is_none() {
        return Err(Failure::Usage(tr!("cli.scores.none").into()));
    }
    let path = Path::new(save);
    let mut file = SaveFile::read(path).map_err(|e| Failure::Runtime(e.into()))?;
    let mut resumed = resume(path).map_err(|e| Failure::Runtime(e.into()))?;
    let ex = &resumed.session.compiled.exercise;
    if !ex.roles.iter().any(|r| r.id == role) {
        let ids: Vec<&str> = ex.roles.iter().map(|r| r.id.as_str()).collect();
        return Err(Failure::Usage(tr!(
            "cli.role.unknown",
            role = role,
            exercise = ex.id,
            roles = ids.join(", ")
        )));
    }
    let questions = ex.knowledge_check.len();
    let action = Action::Scores {
        role: role.to_string(),
        pre,
        post,
    };
    let (branch, turn) = if resumed.stopped_at.is_none() {
        (resumed.session.branch, resumed.session.state.turn)
    } else {
        file.log.last().map_or((0, 1), |e| (e.branch, e.turn))
    };
    resumed
        .session
        .apply(action.clone())
        .map_err(|e| Failure::Usage(crate::describe::action_error(&e)))?;
    file.log.push(LogEntry {
        action,
        branch,
        turn,
    });
    file.meta.updated = now_secs().max(file.meta.updated);
    write_atomic(path, &file.to_text()).map_err(|e| Failure::Runtime(e.into()))?;
    let score = |s: Option<u32>| s.map_or_else(|| "—".to_string(), |s| format!("{s}/{questions}"));
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "{}",
        tr!(
            "cli.scores.recorded",
            role = role,
            save = save,
            before = score(pre),
            after = score(post)
        )
    );
    Ok(())
}

/// `crossings translate extract|import`.
fn translate(action: TranslateCommand) -> Result<(), Failure> {
    use crate::translation::{check, extract, sidecar};
    match action {
        TranslateCommand::Extract {
            exercise,
            language,
            csv,
            output,
        } => {
            let source = translation_source(&exercise, &language)?;
            let existing = match &source.existing {
                Some((origin, bytes)) => Some(
                    sidecar::parse(origin, bytes)
                        .map_err(|d| {
                            eprintln!("{d}");
                            Failure::Reported
                        })?
                        .0,
                ),
                None => None,
            };
            let (updated, changes) =
                extract::update(&source.texts, existing.as_ref(), &source.id, &language);
            let text = if csv {
                extract::to_csv(&updated)
            } else {
                sidecar::render(&updated, &source.header(&language))
            };
            write_output(&text, output.as_deref())?;
            let from = source.existing.as_ref().map_or_else(
                || tr!("translate.no_translation_yet").into(),
                |(o, _)| o.clone(),
            );
            eprintln!(
                "{}",
                tr!(
                    "translate.extracted",
                    count = updated.entries.len(),
                    file = source.file,
                    from = from,
                    kept = changes.kept,
                    added = changes.added,
                    stale = changes.marked_stale
                )
            );
            if !changes.dropped.is_empty() {
                eprintln!(
                    "{}",
                    crate::trn!(
                        "translate.dropped",
                        changes.dropped.len(),
                        file = source.file,
                        keys = changes.dropped.join(", ")
                    )
                );
            }
            Ok(())
        }
        TranslateCommand::Import {
            exercise,
            table,
            language,
            output,
        } => {
            let source = translation_source(&exercise, &language)?;
            let named = Path::new(&output)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if let Some((_, named_language)) = crate::translation::split_sidecar_name(&named)
                && named_language != language
            {
                return Err(Failure::Usage(tr!(
                    "translate.named_otherwise",
                    output = output,
                    named = named_language,
                    language = language
                )));
            }
            let bytes = read_limited(Path::new(&table))
                .map_err(|m| Failure::Runtime(anyhow::anyhow!("{table}: {m}")))?;
            let entries = extract::from_csv(&table, &bytes, &source.texts).map_err(|d| {
                eprintln!("{d}");
                Failure::Reported
            })?;
            let imported = crate::translation::Sidecar {
                of: source.id.clone(),
                language: language.clone(),
                entries,
            };
            let text = sidecar::render(&imported, &source.header(&language));
            crate::session::save::write_atomic(Path::new(&output), &text)
                .map_err(|e| Failure::Runtime(e.into()))?;
            let checked = check::Source {
                id: &source.id,
                file: &source.file,
                text: &source.text,
                texts: &source.texts,
            };
            let diagnostics = check::check_sidecar(&checked, &output, &language, text.as_bytes());
            let coverage = crate::translation::apply::coverage(&source.texts, &imported);
            let mut out = std::io::stdout().lock();
            for d in &diagnostics {
                let _ = writeln!(out, "{d}");
            }
            let _ = writeln!(
                out,
                "{}",
                tr!(
                    "translate.imported",
                    output = output,
                    count = imported.entries.len(),
                    translated = coverage.translated,
                    stale = coverage.stale,
                    missing = coverage.missing
                )
            );
            Ok(())
        }
    }
}

/// What a translation is made from: an exercise or the glossary, with its current
/// sidecar in the language if it has one.
struct TranslationSource {
    /// The exercise id, or `glossary`.
    id: String,
    /// The source file, for messages.
    file: String,
    text: String,
    texts: Vec<crate::translation::SourceText>,
    /// (origin, bytes) of the current sidecar: embedded for a shipped source, else the
    /// file beside the source.
    existing: Option<(String, Vec<u8>)>,
}

impl TranslationSource {
    /// The comment atop a written sidecar, in the interface language: the translator's.
    fn header(&self, language: &str) -> String {
        tr!(
            "translate.header",
            id = self.id,
            file = self.file,
            language = language
        )
    }
}

fn translation_source(name: &str, language: &str) -> Result<TranslationSource, Failure> {
    use crate::scenario::glossary;
    use crate::translation::{self, GLOSSARY_ID};
    if !translation::is_language_code(language) || language == translation::SOURCE_LANGUAGE {
        return Err(Failure::Usage(tr!(
            "translate.not_a_target",
            language = language
        )));
    }
    let beside = |path: &Path| {
        let sidecar = translation::sidecar_path(path, language);
        read_limited(&sidecar)
            .ok()
            .map(|bytes| (sidecar.to_string_lossy().into_owned(), bytes))
    };
    if name == GLOSSARY_ID {
        let file = "assets/glossary.ron".to_string();
        return Ok(TranslationSource {
            id: GLOSSARY_ID.into(),
            texts: translation::glossary_sources(glossary::frameworks()),
            text: glossary::source().to_string(),
            existing: glossary::GLOSSARY_TRANSLATIONS
                .iter()
                .find(|(code, _)| *code == language)
                .map(|(_, text)| {
                    (
                        tr!(
                            "translate.shipped",
                            file = format!("assets/glossary.{language}.ron")
                        ),
                        text.as_bytes().to_vec(),
                    )
                }),
            file,
        });
    }
    let path = Path::new(name);
    if path.file_name().is_some_and(|n| n == "glossary.ron") {
        let bytes =
            read_limited(path).map_err(|m| Failure::Runtime(anyhow::anyhow!("{name}: {m}")))?;
        let text = crate::scenario::load::decode_text(name, &bytes)
            .map_err(|d| {
                eprintln!("{d}");
                Failure::Reported
            })?
            .to_string();
        let frameworks: Vec<crate::scenario::model::Framework> =
            crate::scenario::load::parse_ron(name, &text).map_err(|d| {
                eprintln!("{d}");
                Failure::Reported
            })?;
        return Ok(TranslationSource {
            id: GLOSSARY_ID.into(),
            file: name.to_string(),
            texts: translation::glossary_sources(&frameworks),
            text,
            existing: beside(path),
        });
    }
    let loaded = load_or_report(name)?;
    let exercise = &loaded.compiled.exercise;
    let existing = if loaded.shipped {
        let file = loaded.origin.trim_start_matches("exercises/");
        exercises::SHIPPED_TRANSLATIONS
            .iter()
            .find(|(of, code, _)| *of == file && *code == language)
            .map(|(_, _, text)| {
                (
                    tr!(
                        "translate.shipped",
                        file = translation::sidecar_path(Path::new(&loaded.origin), language)
                            .display()
                    ),
                    text.as_bytes().to_vec(),
                )
            })
    } else {
        beside(path)
    };
    Ok(TranslationSource {
        id: exercise.id.clone(),
        file: loaded.origin.clone(),
        texts: translation::exercise_sources(exercise),
        text: loaded.source.clone(),
        existing,
    })
}
