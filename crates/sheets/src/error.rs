//! File-level problems: the file as a whole cannot be read or does not have the columns
//! an import needs. Problems in single cells are [`crate::RowError`]s instead.

use otop_domain::Bilingual;

/// A problem with a whole file, with a Thai and an English message that says what to do.
#[derive(Debug, thiserror::Error)]
#[error("{}", self.message().line())]
pub enum SheetError {
    /// The file name does not end in an extension we read.
    UnsupportedExtension { file_name: String },
    /// The file could not be opened or read from disk.
    Io {
        file_name: String,
        #[source]
        source: std::io::Error,
    },
    /// The bytes are not a readable spreadsheet: a damaged or renamed file, or a password.
    Corrupt { file_name: String, detail: String },
    /// A text file that is neither UTF-8 nor Windows-874 (TIS-620).
    Encoding { file_name: String },
    /// No cell of the file has any content.
    Empty { file_name: String },
    /// The first row with content looks like data, not like column names.
    NoHeader { file_name: String, row: usize },
    /// A header row but not a single data row under it.
    NoRows { file_name: String },
    /// Required columns are missing or a column appears twice.
    Columns {
        /// Labels ("ชื่อผู้ประกอบการ (Name)") of required columns not found.
        missing: Vec<String>,
        /// Columns that name the same field, as written in the file, per field.
        duplicate: Vec<Vec<String>>,
    },
    /// Writing an export failed.
    Write { detail: String },
}

impl SheetError {
    /// What went wrong and what to do, in Thai and English.
    pub fn message(&self) -> Bilingual {
        match self {
            SheetError::UnsupportedExtension { file_name } => Bilingual::new(
                format!(
                    "อ่านไฟล์ \"{file_name}\" ไม่ได้: รองรับเฉพาะไฟล์ Excel (.xlsx, .xls) และ CSV (.csv) — \
                     บันทึกไฟล์ใหม่ด้วยคำสั่ง \"บันทึกเป็น\" แล้วเลือกชนิด Excel Workbook หรือ CSV UTF-8"
                ),
                format!(
                    "Cannot read \"{file_name}\": only Excel (.xlsx, .xls) and CSV (.csv) files are supported — \
                     use \"Save As\" and choose Excel Workbook or CSV UTF-8"
                ),
            ),
            SheetError::Io { file_name, source } => Bilingual::new(
                format!("เปิดไฟล์ \"{file_name}\" ไม่ได้ ({source}) — ตรวจสอบชื่อไฟล์และสิทธิ์การเข้าถึง"),
                format!("Cannot open \"{file_name}\" ({source}) — check the file name and permissions"),
            ),
            SheetError::Corrupt { file_name, detail } => Bilingual::new(
                format!(
                    "ไฟล์ \"{file_name}\" เสียหายหรือไม่ใช่ไฟล์ Excel/CSV ที่ถูกต้อง ({detail}) — \
                     เปิดไฟล์ใน Excel แล้วบันทึกใหม่เป็น Excel Workbook (.xlsx); ถ้าไฟล์ตั้งรหัสผ่านไว้ ให้ยกเลิกรหัสผ่านก่อน"
                ),
                format!(
                    "\"{file_name}\" is damaged or not a valid Excel/CSV file ({detail}) — \
                     open it in Excel and save it again as Excel Workbook (.xlsx); remove any password first"
                ),
            ),
            SheetError::Encoding { file_name } => Bilingual::new(
                format!(
                    "อ่านภาษาไทยในไฟล์ \"{file_name}\" ไม่ได้ — บันทึกไฟล์ใหม่เป็น \"CSV UTF-8 (Comma delimited)\" หรือ Excel Workbook (.xlsx)"
                ),
                format!(
                    "The text encoding of \"{file_name}\" is not recognised — save it again as \"CSV UTF-8 (Comma delimited)\" or Excel Workbook (.xlsx)"
                ),
            ),
            SheetError::Empty { file_name } => Bilingual::new(
                format!("ไฟล์ \"{file_name}\" ว่างเปล่า — ตรวจสอบว่าเลือกไฟล์ถูกต้อง และข้อมูลอยู่ในแผ่นงาน (sheet) แรก"),
                format!(
                    "\"{file_name}\" is empty — check that you chose the right file and that the data is on the first sheet"
                ),
            ),
            SheetError::NoHeader { file_name, row } => Bilingual::new(
                format!(
                    "แถว {row} ของไฟล์ \"{file_name}\" เป็นข้อมูล ไม่ใช่หัวตาราง — ใส่ชื่อคอลัมน์ไว้ในแถวแรก เช่น ชื่อผู้ประกอบการ, เลขทะเบียน, จังหวัด"
                ),
                format!(
                    "Row {row} of \"{file_name}\" holds data, not column names — put the column names in the first row, e.g. Name, Registration no., Province"
                ),
            ),
            SheetError::NoRows { file_name } => Bilingual::new(
                format!("ไฟล์ \"{file_name}\" มีแต่หัวตาราง ไม่มีข้อมูล — ใส่ข้อมูลตั้งแต่แถวที่ 2 ลงไป"),
                format!("\"{file_name}\" has column names but no data — put the data from row 2 down"),
            ),
            SheetError::Columns { missing, duplicate } => {
                let mut th = Vec::new();
                let mut en = Vec::new();
                if !missing.is_empty() {
                    th.push(format!("ไม่พบคอลัมน์ที่ต้องมี: {}", missing.join(", ")));
                    en.push(format!("Required columns not found: {}", missing.join(", ")));
                }
                if !duplicate.is_empty() {
                    let list = duplicate
                        .iter()
                        .map(|d| d.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(" = "))
                        .collect::<Vec<_>>()
                        .join("; ");
                    th.push(format!("คอลัมน์ซ้ำกัน (หมายถึงข้อมูลเดียวกัน): {list}"));
                    en.push(format!("Columns that mean the same thing: {list}"));
                }
                Bilingual::new(
                    format!(
                        "{} — แก้หัวตารางในแถวแรกให้ตรงกับแบบฟอร์ม (ดาวน์โหลดแบบฟอร์มหรือไฟล์ส่งออกเป็นตัวอย่างได้) แล้วนำเข้าใหม่",
                        th.join("; ")
                    ),
                    format!(
                        "{} — fix the column names in the first row to match the template (a downloaded template or export shows them) and import again",
                        en.join("; ")
                    ),
                )
            }
            SheetError::Write { detail } => Bilingual::new(
                format!("สร้างไฟล์ส่งออกไม่สำเร็จ ({detail}) — ลองใหม่อีกครั้ง"),
                format!("Could not write the export ({detail}) — try again"),
            ),
        }
    }

    /// A stable machine-readable code, for the JSON API and tests.
    pub fn code(&self) -> &'static str {
        match self {
            SheetError::UnsupportedExtension { .. } => "unsupported_extension",
            SheetError::Io { .. } => "io",
            SheetError::Corrupt { .. } => "corrupt",
            SheetError::Encoding { .. } => "encoding",
            SheetError::Empty { .. } => "empty",
            SheetError::NoHeader { .. } => "no_header",
            SheetError::NoRows { .. } => "no_rows",
            SheetError::Columns { .. } => "columns",
            SheetError::Write { .. } => "write",
        }
    }
}

impl From<rust_xlsxwriter::XlsxError> for SheetError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        SheetError::Write { detail: e.to_string() }
    }
}

impl From<csv::Error> for SheetError {
    fn from(e: csv::Error) -> Self {
        SheetError::Write { detail: e.to_string() }
    }
}

impl From<std::io::Error> for SheetError {
    fn from(e: std::io::Error) -> Self {
        SheetError::Write { detail: e.to_string() }
    }
}
