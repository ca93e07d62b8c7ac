//! The six regions of Thailand (National Geographical Committee scheme).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// One of the six regions (ภาค) of Thailand. Bangkok is in [`Region::Central`].
///
/// Serialised as its [`code`](Region::code): `"north"`, `"northeast"`, `"central"`, `"east"`,
/// `"west"`, `"south"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Region {
    /// ภาคเหนือ, 9 provinces.
    North,
    /// ภาคตะวันออกเฉียงเหนือ (อีสาน), 20 provinces.
    Northeast,
    /// ภาคกลาง, 22 provinces including Bangkok.
    Central,
    /// ภาคตะวันออก, 7 provinces.
    East,
    /// ภาคตะวันตก, 5 provinces.
    West,
    /// ภาคใต้, 14 provinces.
    South,
}

impl Region {
    /// All six regions, in the order north, northeast, central, east, west, south.
    pub const ALL: [Region; 6] =
        [Region::North, Region::Northeast, Region::Central, Region::East, Region::West, Region::South];

    /// The stable code used in data, URLs and JSON: `"north"`, `"northeast"`, …
    pub const fn code(self) -> &'static str {
        match self {
            Region::North => "north",
            Region::Northeast => "northeast",
            Region::Central => "central",
            Region::East => "east",
            Region::West => "west",
            Region::South => "south",
        }
    }

    /// The Thai name, e.g. `"ภาคเหนือ"`.
    pub const fn name_th(self) -> &'static str {
        match self {
            Region::North => "ภาคเหนือ",
            Region::Northeast => "ภาคตะวันออกเฉียงเหนือ",
            Region::Central => "ภาคกลาง",
            Region::East => "ภาคตะวันออก",
            Region::West => "ภาคตะวันตก",
            Region::South => "ภาคใต้",
        }
    }

    /// The English name, e.g. `"Northeast"`.
    pub const fn name_en(self) -> &'static str {
        match self {
            Region::North => "North",
            Region::Northeast => "Northeast",
            Region::Central => "Central",
            Region::East => "East",
            Region::West => "West",
            Region::South => "South",
        }
    }

    /// Reads a region from its code, its Thai name or its English name.
    ///
    /// Case, spaces, hyphens and underscores are ignored, and so are the word `ภาค` and the
    /// English words `region`/`-ern` forms: `"north"`, `"ภาคเหนือ"`, `"เหนือ"`, `"Northern"`,
    /// `"North-East"`, `"อีสาน"`, `"Isan"`, `"Southern Region"` all work.
    pub fn parse(s: &str) -> Option<Region> {
        let key: String = s
            .trim()
            .to_lowercase()
            .chars()
            .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '_' | '.' | '\u{200b}'))
            .collect();
        let key = key.strip_prefix("ภาค").unwrap_or(&key);
        let key = key.strip_suffix("region").unwrap_or(key);
        let key = key.strip_prefix("the").unwrap_or(key);
        Some(match key {
            "north" | "northern" | "เหนือ" => Region::North,
            "northeast" | "northeastern" | "isan" | "isaan" | "ตะวันออกเฉียงเหนือ" | "อีสาน" => {
                Region::Northeast
            }
            "central" | "กลาง" => Region::Central,
            "east" | "eastern" | "ตะวันออก" => Region::East,
            "west" | "western" | "ตะวันตก" => Region::West,
            "south" | "southern" | "ใต้" => Region::South,
            _ => return None,
        })
    }
}

/// Shows the code (`north`, …), the same text as the serde form.
impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// The error of [`Region::from_str`]: the text is no region's code or name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseRegionError(pub String);

impl fmt::Display for ParseRegionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ไม่รู้จักภาค \"{0}\" (ใช้ เหนือ, ตะวันออกเฉียงเหนือ, กลาง, ตะวันออก, ตะวันตก, ใต้) / \
             unknown region \"{0}\" (use north, northeast, central, east, west, south)",
            self.0
        )
    }
}

impl std::error::Error for ParseRegionError {}

impl FromStr for Region {
    type Err = ParseRegionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Region::parse(s).ok_or_else(|| ParseRegionError(s.to_owned()))
    }
}
