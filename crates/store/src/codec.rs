//! How domain values are written to columns and read back. Lists of codes are stored as
//! ",a,b," so that `LIKE '%,a,%'` finds one member on both engines.

use crate::StoreError;

pub fn encode_list<'a>(codes: impl IntoIterator<Item = &'a str>) -> String {
    let mut s = String::from(",");
    for c in codes {
        s.push_str(c);
        s.push(',');
    }
    s
}

pub fn decode_list<T>(s: &str, parse: impl Fn(&str) -> Option<T>) -> Result<Vec<T>, StoreError> {
    s.split(',')
        .filter(|p| !p.is_empty())
        .map(|p| parse(p).ok_or_else(|| StoreError::Corrupt(format!("unknown code {p:?}"))))
        .collect()
}

pub fn like_member(code: &str) -> String {
    format!("%,{code},%")
}

pub fn corrupt(what: &str, v: impl std::fmt::Debug) -> StoreError {
    StoreError::Corrupt(format!("{what}: {v:?}"))
}
