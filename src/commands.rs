//! What each subcommand does. `main.rs` only parses and maps the result to an exit code.

use crate::cli::{Cli, Command};
use crate::exercises::{self, Loaded, read_limited};
use crate::scenario::{Diagnostic, Severity, load_exercise};
use crate::session::script::Script;
use crate::session::{Controller, Persona};
use crate::sim::run::{self, Output};
use std::io::Write as _;
use std::path::{Path, PathBuf};

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
        }) => explore(&exercise, runs, seed, jobs, &strategy, deny_unreached, json),
        Some(Command::Play {
            exercise,
            seed,
            roles,
        }) => {
            let loaded = load_or_report(&exercise)?;
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
    }
}

/// Load an exercise, printing its diagnostics if it does not load.
fn load_or_report(name: &str) -> Result<Loaded, Failure> {
    exercises::find(name).map_err(|e| {
        for d in &e.diagnostics {
            eprintln!("{d}");
        }
        Failure::Reported
    })
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
    for l in &shipped {
        let ex = &l.compiled.exercise;
        let roles: Vec<&str> = ex.roles.iter().map(|r| r.name.as_str()).collect();
        let _ = writeln!(
            out,
            "{}: {} — {} — roles: {} — about {} min",
            ex.id,
            ex.title,
            ex.context,
            roles.join(", "),
            ex.duration_minutes
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
                return Err(Failure::Runtime(anyhow::anyhow!(
                    "{p}: no .ron exercise files in this directory"
                )));
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
    for file in &files {
        let name = file.to_string_lossy().into_owned();
        let diagnostics = check_file(&name, file);
        let failed = diagnostics
            .iter()
            .any(|d| d.is_error() || (deny_warnings && d.severity == Severity::Warning));
        results.push((name, !failed));
        all.extend(diagnostics);
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
                let _ = writeln!(out, "{file}: ok");
            }
        }
        let _ = writeln!(
            out,
            "checked {} file{}: {errors} error{}, {warnings} warning{}",
            results.len(),
            if results.len() == 1 { "" } else { "s" },
            if errors == 1 { "" } else { "s" },
            if warnings == 1 { "" } else { "s" },
        );
    }
    if failed {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

/// All diagnostics for one file: reading, parsing, validation, compilation.
pub fn check_file(name: &str, path: &Path) -> Vec<Diagnostic> {
    let bytes = match read_limited(path) {
        Ok(b) => b,
        Err(m) => return vec![Diagnostic::error(name, 0, 0, m)],
    };
    match load_exercise(name, &bytes) {
        Ok((exercise, warnings)) => match crate::engine::compile_owned(exercise) {
            Ok(_) => warnings,
            Err(m) => {
                let mut out = warnings;
                out.push(Diagnostic::error(name, 0, 0, m));
                out
            }
        },
        Err(e) => e.diagnostics,
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
            return Err(Failure::Usage(format!(
                "--role takes ROLE=WHO, e.g. --role origin=control-first (got `{arg}`)"
            )));
        };
        if !ex.roles.iter().any(|r| r.id == role) {
            let ids: Vec<&str> = ex.roles.iter().map(|r| r.id.as_str()).collect();
            return Err(Failure::Usage(format!(
                "`{role}` is not a role of {}; its roles are: {}",
                ex.id,
                ids.join(", ")
            )));
        }
        let controller = if who == "human" {
            if !humans_allowed {
                return Err(Failure::Usage(
                    "`run` plays without people: give a persona, or decisions in --script".into(),
                ));
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
    seed: u64,
    script_path: Option<&str>,
    roles: &[String],
    json: bool,
    save: Option<&str>,
) -> Result<(), Failure> {
    let loaded = load_or_report(exercise)?;
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
                        format!(
                            "this script was written for `{id}`, not `{}`",
                            loaded.compiled.exercise.id
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

/// The most runs one `explore` accepts (about a minute on one core).
pub const MAX_EXPLORE_RUNS: u64 = 100_000_000;

fn explore(
    exercise: &str,
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
        return Err(Failure::Usage(format!(
            "--runs must be between 1 and {MAX_EXPLORE_RUNS}"
        )));
    }
    if jobs == Some(0) {
        return Err(Failure::Usage("--jobs must be at least 1".into()));
    }
    let loaded = load_or_report(exercise)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
        .map_err(|e| Failure::Runtime(anyhow::anyhow!("could not start worker threads: {e}")))?;
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
            .map_err(|e| Failure::Runtime(anyhow::anyhow!("could not write JSON: {e}")))?;
        let _ = writeln!(out, "{text}");
    } else {
        let _ = write!(out, "{}", explore::render_text(&loaded.compiled, &report));
    }
    if deny_unreached && !report.never_reached.is_empty() {
        eprintln!(
            "error: {} item(s) never reached (see `never_reached`)",
            report.never_reached.len()
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
            eprint!("\r{line}");
            drawn = true;
        }
        if drawn {
            eprint!("\r\x1b[K");
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
        Some(path) => crate::session::save::write_atomic(Path::new(path), text)
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
            return Err(Failure::Usage(format!(
                "unknown report format `{other}`; use md, html or csv"
            )));
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
            return Err(Failure::Usage(format!(
                "unknown comparison format `{other}`; use text, md or html"
            )));
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
            let _ = writeln!(
                out,
                "{name}: deep check skipped: fix the errors above first"
            );
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
    let _ = writeln!(
        out,
        "wrote {file}: a starter exercise `{id}` with three roles, five stages and three endings"
    );
    let _ = writeln!(
        out,
        "next: edit it (the comments explain each part), and keep `crossings check {file} --watch` running while you do"
    );
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
fn pack(exercise: &str, format: &str, output: Option<&str>, plan: u32) -> Result<(), Failure> {
    use crate::pack::{Pack, PackFormat};
    let format = match format {
        "html" => PackFormat::Html,
        "md" | "markdown" => PackFormat::Markdown,
        other => {
            return Err(Failure::Usage(format!(
                "unknown pack format `{other}`; use html or md"
            )));
        }
    };
    let loaded = load_or_report(exercise)?;
    let ex = &loaded.compiled.exercise;
    let dir = match output {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(format!("{}-pack", crate::pack::safe_id(&ex.id))),
    };
    let pack = Pack::build(&loaded.compiled, plan);
    let written = crate::pack::write(&pack, format, &dir)
        .map_err(|e| Failure::Runtime(anyhow::anyhow!("{e}")))?;
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "Wrote the print pack of {} ({} minutes) to {}:",
        ex.id,
        plan,
        dir.display()
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
        return Err(Failure::Usage(
            "give a score with --pre, --post or both".into(),
        ));
    }
    let path = Path::new(save);
    let mut file = SaveFile::read(path).map_err(|e| Failure::Runtime(e.into()))?;
    let mut resumed = resume(path).map_err(|e| Failure::Runtime(e.into()))?;
    let ex = &resumed.session.compiled.exercise;
    if !ex.roles.iter().any(|r| r.id == role) {
        let ids: Vec<&str> = ex.roles.iter().map(|r| r.id.as_str()).collect();
        return Err(Failure::Usage(format!(
            "`{role}` is not a role of {}; its roles are: {}",
            ex.id,
            ids.join(", ")
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
        .map_err(|e| Failure::Usage(format!("{e}")))?;
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
        "Recorded knowledge-check scores for {role} in {save}: before {}, after {}.",
        score(pre),
        score(post)
    );
    Ok(())
}
