//! The page shape shared by the role homes and the admin pages: a title, a line about the
//! viewer's scope, messages, and sections of tables, buttons and small forms.

use askama::Template;
use otop_domain::Bilingual;

use crate::forms::Msg;
use crate::i18n::{Lang, PageCtx};

#[derive(Template)]
#[template(path = "dashboard.html")]
pub struct Dashboard {
    pub ctx: PageCtx,
    pub title: String,
    pub lead: String,
    pub notices: Vec<Msg>,
    pub problems: Vec<Msg>,
    pub sections: Vec<Section>,
}

#[derive(Default)]
pub struct Section {
    pub id: &'static str,
    pub title: String,
    pub text: String,
    pub head: Vec<String>,
    pub rows: Vec<Row>,
    pub empty: String,
    pub more: Option<(String, String)>,
    pub form: Option<InlineForm>,
    pub links: Vec<(String, String)>,
}

#[derive(Default)]
pub struct Row {
    pub href: Option<String>,
    pub cells: Vec<String>,
    pub button: Option<Button>,
}

pub struct Button {
    pub action: String,
    pub label: String,
    pub hidden: Vec<(String, String)>,
    pub secondary: bool,
}

pub struct InlineForm {
    pub action: String,
    pub name: &'static str,
    pub label: String,
    pub hint: String,
    pub submit: String,
}

impl Dashboard {
    pub fn new(ctx: PageCtx, title: (&str, &str)) -> Self {
        let title = ctx.t(title.0, title.1).to_string();
        Self { ctx, title, lead: String::new(), notices: Vec::new(), problems: Vec::new(), sections: Vec::new() }
    }

    pub fn lead(mut self, text: String) -> Self {
        self.lead = text;
        self
    }

    pub fn notice(mut self, m: &Bilingual) -> Self {
        self.notices.push(Msg::of(self.ctx.lang, m));
        self
    }

    pub fn problem(mut self, m: &Bilingual) -> Self {
        self.problems.push(Msg::of(self.ctx.lang, m));
        self
    }

    pub fn section(mut self, s: Section) -> Self {
        self.sections.push(s);
        self
    }
}

impl Section {
    /// A column's heading, for the label a cell shows on a phone.
    pub fn label(&self, column: &usize) -> &str {
        self.head.get(*column).map(String::as_str).unwrap_or("")
    }

    pub fn new(lang: Lang, id: &'static str, title: (&str, &str)) -> Self {
        Self { id, title: lang.t(title.0, title.1).to_string(), ..Default::default() }
    }

    pub fn table(mut self, lang: Lang, head: &[(&str, &str)], rows: Vec<Row>, empty: (&str, &str)) -> Self {
        self.head = head.iter().map(|(th, en)| lang.t(th, en).to_string()).collect();
        self.rows = rows;
        self.empty = lang.t(empty.0, empty.1).to_string();
        self
    }

    pub fn text(mut self, t: String) -> Self {
        self.text = t;
        self
    }

    pub fn link(mut self, lang: Lang, href: &str, label: (&str, &str)) -> Self {
        self.links.push((href.to_string(), lang.t(label.0, label.1).to_string()));
        self
    }

    pub fn more(mut self, lang: Lang, href: &str, label: (&str, &str)) -> Self {
        self.more = Some((href.to_string(), lang.t(label.0, label.1).to_string()));
        self
    }

    pub fn form(mut self, f: InlineForm) -> Self {
        self.form = Some(f);
        self
    }
}

impl Row {
    pub fn new(href: Option<String>, cells: Vec<String>) -> Self {
        Self { href, cells, button: None }
    }

    pub fn button(mut self, action: String, label: &str) -> Self {
        self.button = Some(Button { action, label: label.to_string(), hidden: Vec::new(), secondary: false });
        self
    }
}
