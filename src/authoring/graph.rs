//! The scenario graph: stages and endings as nodes, transitions as edges labelled by
//! their conditions, in Graphviz DOT or a Mermaid flowchart.
//!
//! Both formats say the same things, and not by colour alone: the start is a separate
//! "start" node with an arrow into the first stage (drawn bold); endings have their own
//! shape and a grey fill, and their label says "ending"; the fallback transition (the
//! last, unconditional one, taken when no other holds) is dashed and labelled
//! "otherwise"; when a stage has several transitions they are numbered in the order
//! they are tried. Output follows the order of the file, so it is the same every time.

use crate::describe::condition_text;
use crate::scenario::model::Exercise;
use std::fmt::Write as _;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GraphFormat {
    Dot,
    Mermaid,
}

impl std::str::FromStr for GraphFormat {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "dot" => Ok(GraphFormat::Dot),
            "mermaid" => Ok(GraphFormat::Mermaid),
            other => Err(crate::tr!("cli.graph.format", format = other)),
        }
    }
}

/// How a transition is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EdgeKind {
    /// Taken when its condition holds (and no earlier one did).
    Conditional,
    /// The last transition, without a condition, after conditional ones: "otherwise".
    Fallback,
    /// The only transition of its stage: always taken.
    Always,
    /// Follows a transition without a condition, so it is never taken (`check` warns).
    Never,
}

/// One transition, ready to draw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edge {
    pub from: usize,
    /// Index into the node list (stages first, then endings).
    pub to: usize,
    pub label: String,
    pub kind: EdgeKind,
}

/// A node: a stage or an ending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    pub id: String,
    pub title: String,
    pub ending: bool,
    pub start: bool,
}

/// The graph of an exercise: nodes are its stages then its endings, in file order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Graph {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
}

impl Graph {
    pub fn of(ex: &Exercise) -> Graph {
        let mut nodes: Vec<Node> = ex
            .stages
            .iter()
            .map(|s| Node {
                id: s.id.to_string(),
                title: s.title.clone(),
                ending: false,
                start: s.id == ex.start,
            })
            .collect();
        nodes.extend(ex.endings.iter().map(|e| Node {
            id: e.id.clone(),
            title: e.title.clone(),
            ending: true,
            start: false,
        }));
        let index = |id: &str| nodes.iter().position(|n| n.id == id);
        let mut edges = Vec::new();
        for (s, stage) in ex.stages.iter().enumerate() {
            let count = stage.transitions.len();
            let mut open = true;
            for (t, transition) in stage.transitions.iter().enumerate() {
                // A validated exercise names only stages and endings; skip anything else.
                let Some(to) = index(&transition.to) else {
                    continue;
                };
                let (kind, text) = match (&transition.when, open) {
                    (_, false) => (EdgeKind::Never, "never taken".to_string()),
                    (Some(when), true) => (EdgeKind::Conditional, condition_text(when)),
                    (None, true) if count == 1 => (EdgeKind::Always, String::new()),
                    (None, true) => (EdgeKind::Fallback, "otherwise".to_string()),
                };
                if transition.when.is_none() {
                    open = false;
                }
                let label = if count > 1 {
                    format!("{}. {text}", t + 1)
                } else {
                    text
                };
                edges.push(Edge {
                    from: s,
                    to,
                    label,
                    kind,
                });
            }
        }
        Graph { nodes, edges }
    }
}

/// The graph in the given format.
pub fn render(ex: &Exercise, format: GraphFormat) -> String {
    match format {
        GraphFormat::Dot => dot(ex),
        GraphFormat::Mermaid => mermaid(ex),
    }
}

/// Edge labels longer than this are broken into lines, so long conditions do not stretch
/// the drawing sideways.
pub const LABEL_WIDTH: usize = 36;

/// A label broken at spaces into lines of about `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A quoted DOT string.
fn dot_quote(text: &str) -> String {
    dot_lines(&[text])
}

/// Lines as one quoted DOT string, broken with DOT's `\n`.
fn dot_lines(lines: &[&str]) -> String {
    let mut out = String::from("\"");
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("\\n");
        }
        for c in line.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' | '\r' => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out.push('"');
    out
}

/// Graphviz DOT: `crossings graph x.ron | dot -Tsvg > x.svg`.
pub fn dot(ex: &Exercise) -> String {
    let graph = Graph::of(ex);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// {} ({}): {} stages, {} endings, {} transitions.",
        ex.title.replace('\n', " "),
        ex.id,
        ex.stages.len(),
        ex.endings.len(),
        graph.edges.len()
    );
    let _ = writeln!(
        out,
        "// Boxes are stages, grey double octagons endings. Numbers give the order in which a \
         stage's transitions are tried; the dashed one is taken otherwise."
    );
    let _ = writeln!(out, "digraph {} {{", dot_quote(&ex.id));
    let _ = writeln!(out, "    rankdir=TB;");
    let _ = writeln!(out, "    node [shape=box, style=rounded];");
    let _ = writeln!(
        out,
        "    \"(start)\" [label=\"start\", shape=circle, style=filled, fillcolor=\"#cfe2f3\"];"
    );
    for node in &graph.nodes {
        if node.ending {
            let _ = writeln!(
                out,
                "    {} [label={}, shape=doubleoctagon, style=filled, fillcolor=\"#e0e0e0\"];",
                dot_quote(&node.id),
                dot_lines(&[&node.title, &format!("(ending: {})", node.id)])
            );
        } else {
            let _ = writeln!(
                out,
                "    {} [label={}{}];",
                dot_quote(&node.id),
                dot_lines(&[&node.title, &format!("({})", node.id)]),
                if node.start { ", penwidth=2" } else { "" }
            );
        }
    }
    if let Some(start) = graph.nodes.iter().find(|n| n.start) {
        let _ = writeln!(out, "    \"(start)\" -> {};", dot_quote(&start.id));
    }
    for edge in &graph.edges {
        let style = match edge.kind {
            EdgeKind::Conditional | EdgeKind::Always => "",
            EdgeKind::Fallback => ", style=dashed",
            EdgeKind::Never => ", style=dotted, color=\"#999999\"",
        };
        let label = if edge.label.is_empty() {
            String::new()
        } else {
            let lines = wrap(&edge.label, LABEL_WIDTH);
            let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
            format!(" [label={}{style}]", dot_lines(&lines))
        };
        let _ = writeln!(
            out,
            "    {} -> {}{};",
            dot_quote(&graph.nodes[edge.from].id),
            dot_quote(&graph.nodes[edge.to].id),
            label
        );
    }
    out.push_str("}\n");
    out
}

/// Text inside a quoted Mermaid label: quotes and markup characters become entity codes.
fn mermaid_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' => out.push_str("#quot;"),
            '#' => out.push_str("#35;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A Mermaid flowchart, for Markdown pages that render Mermaid. Node names are generated
/// (`s0`, `e0`...) because some ids, such as `end`, are Mermaid keywords.
pub fn mermaid(ex: &Exercise) -> String {
    let graph = Graph::of(ex);
    let stages = ex.stages.len();
    let name = |i: usize| {
        if i < stages {
            format!("s{i}")
        } else {
            format!("e{}", i - stages)
        }
    };
    let mut out = String::new();
    out.push_str("flowchart TD\n");
    let _ = writeln!(
        out,
        "    %% {} ({}): stages are boxes, endings rounded and grey; the dashed edge is taken otherwise",
        mermaid_text(&ex.title),
        ex.id
    );
    out.push_str("    start_node((\"start\"))\n");
    for (i, node) in graph.nodes.iter().enumerate() {
        if node.ending {
            let _ = writeln!(
                out,
                "    {}([\"{}<br/>(ending: {})\"])",
                name(i),
                mermaid_text(&node.title),
                node.id
            );
        } else {
            let _ = writeln!(
                out,
                "    {}[\"{}<br/>({})\"]",
                name(i),
                mermaid_text(&node.title),
                node.id
            );
        }
    }
    if let Some(start) = graph.nodes.iter().position(|n| n.start) {
        let _ = writeln!(out, "    start_node ==> {}", name(start));
    }
    for edge in &graph.edges {
        let arrow = match edge.kind {
            EdgeKind::Conditional | EdgeKind::Always => "-->",
            EdgeKind::Fallback | EdgeKind::Never => "-.->",
        };
        if edge.label.is_empty() {
            let _ = writeln!(out, "    {} {arrow} {}", name(edge.from), name(edge.to));
        } else {
            let lines: Vec<String> = wrap(&edge.label, LABEL_WIDTH)
                .iter()
                .map(|l| mermaid_text(l))
                .collect();
            let _ = writeln!(
                out,
                "    {} {arrow}|\"{}\"| {}",
                name(edge.from),
                lines.join("<br/>"),
                name(edge.to)
            );
        }
    }
    out.push_str("    classDef ending fill:#e0e0e0,stroke:#333333,stroke-width:2px\n");
    out.push_str("    classDef startpoint fill:#cfe2f3,stroke:#333333\n");
    out.push_str("    class start_node startpoint\n");
    let endings: Vec<String> = (stages..graph.nodes.len()).map(name).collect();
    if !endings.is_empty() {
        let _ = writeln!(out, "    class {} ending", endings.join(","));
    }
    if let Some(start) = graph.nodes.iter().position(|n| n.start) {
        let _ = writeln!(out, "    style {} stroke-width:3px", name(start));
    }
    out
}
