use serde::Serialize;

/// A message every user sees in Thai first and English second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bilingual {
    pub th: String,
    pub en: String,
}

impl Bilingual {
    pub fn new(th: impl Into<String>, en: impl Into<String>) -> Self {
        Self { th: th.into(), en: en.into() }
    }

    /// One line for logs and terminals: "Thai / English".
    pub fn line(&self) -> String {
        format!("{} / {}", self.th, self.en)
    }
}

impl std::fmt::Display for Bilingual {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.line())
    }
}
