//! Export tests: CSV and Excel files that Excel shows correctly and that read back as written.

use calamine::{Data, Reader};
use otop_domain::{Enterprise, Product, ProductDraft, Registration, Service, ServiceDraft};
use otop_sheets::fixtures::synthetic_enterprises;
use otop_sheets::{
    enterprise_headers, enterprise_row, product_headers, product_row, read_table, read_table_bytes, service_headers,
    service_row, write_csv, write_xlsx, write_xlsx_bytes,
};

fn sample_enterprise(i: usize) -> Enterprise {
    Enterprise { id: i as i64 + 1, data: synthetic_enterprises(i + 1).pop().unwrap() }
}

#[test]
fn masked_rows_hide_personal_data() {
    // Index 0 has a national ID, index 1 a juristic number; both have phones.
    let person = sample_enterprise(8);
    assert!(matches!(person.data.registration, Registration::NationalId(_)));
    let id = person.data.registration.number().to_string();
    let phone = person.data.phone.clone().expect("fixture has a phone");
    let headers = enterprise_headers();
    let reg = headers.iter().position(|h| h.starts_with("เลขทะเบียน")).unwrap();
    let tel = headers.iter().position(|h| h.starts_with("โทรศัพท์")).unwrap();

    let open = enterprise_row(&person, true);
    assert_eq!(open.len(), headers.len());
    assert_eq!(open[reg], id);
    assert_eq!(open[tel], phone.formatted());

    let masked = enterprise_row(&person, false);
    assert_eq!(masked[reg], format!("x-xxxx-xxxxx-xx-{}", &id[12..]));
    assert_eq!(masked[tel], phone.masked());
    assert!(!masked.iter().any(|c| c.contains(&id[..12])));
    assert!(!masked.iter().any(|c| c.contains(phone.as_str()) || c.contains(&phone.formatted())));
    // Codes are shown by their Thai names.
    assert_eq!(masked[0], person.data.kind.name_th());
    let province = headers.iter().position(|h| h.starts_with("จังหวัด")).unwrap();
    assert_eq!(masked[province], otop_geo::geography().province(person.data.address.province_code).unwrap().name_th);

    let firm = sample_enterprise(1);
    assert!(matches!(firm.data.registration, Registration::Juristic(_)));
    assert_eq!(enterprise_row(&firm, false)[reg], firm.data.registration.display_masked());
}

#[test]
fn xlsx_cells_are_text_so_numbers_keep_their_digits() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("text.xlsx");
    let rows = vec![
        vec!["0105550123456", "0812345678", "00123", "ลำไยอบแห้ง"],
        vec!["1234567890123", "", "51000", "=SUM(A1:A2)"],
    ];
    write_xlsx(&path, "ทดสอบ/ชื่อยาวมาก[ๆ]", &["เลข", "โทร", "รหัส", "ชื่อ"], &rows).unwrap();
    let mut book = calamine::open_workbook_auto(&path).unwrap();
    assert_eq!(book.sheet_names(), ["ทดสอบ-ชื่อยาวมาก-ๆ-"]);
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    assert_eq!(range.get((1, 0)), Some(&Data::String("0105550123456".into())));
    assert_eq!(range.get((1, 2)), Some(&Data::String("00123".into())));
    assert_eq!(range.get((2, 3)), Some(&Data::String("=SUM(A1:A2)".into())), "never a formula");
    let t = read_table(&path).unwrap();
    assert_eq!(t.headers, ["เลข", "โทร", "รหัส", "ชื่อ"]);
    assert_eq!(t.rows.len(), 2);
    assert_eq!(t.rows[0].cells, rows[0]);
    assert_eq!(t.rows[1].number, 3);
    assert_eq!(t.rows[1].get(1), "");
}

#[test]
fn csv_keeps_thai_commas_quotes_and_newlines() {
    let rows = vec![vec!["ก, ข", "\"ลำไย\" อบแห้ง", "บรรทัด 1\nบรรทัด 2"], vec!["-5", "+66 81 234 5678", "@home"]];
    let mut out = Vec::new();
    write_csv(&mut out, &["หนึ่ง", "สอง", "สาม"], &rows).unwrap();
    assert!(out.starts_with("\u{feff}หนึ่ง,สอง,สาม\r\n".as_bytes()));
    let t = read_table_bytes(&out, "x.csv").unwrap();
    assert_eq!(t.headers, ["หนึ่ง", "สอง", "สาม"]);
    assert_eq!(t.rows[0].cells, rows[0]);
    assert_eq!(t.rows[1].cells, rows[1], "formula guards come off on reading");
    assert_eq!(t.rows[1].number, 3, "a quoted line break stays within its row");
}

#[test]
fn product_and_service_rows_match_their_headers() {
    let product = Product {
        id: 7,
        data: ProductDraft {
            name: "ลำไยอบแห้งสีทอง".into(),
            category: "อาหาร".into(),
            description: "ลำไยอบแห้งทั้งเปลือก".into(),
            stars: "4".into(),
            price: "1,250.50".into(),
        }
        .validate(3)
        .unwrap(),
    };
    let row = product_row(&product, "วิสาหกิจชุมชนลำไยอบแห้งบ้านแซม");
    assert_eq!(row.len(), product_headers().len());
    assert_eq!(row, ["วิสาหกิจชุมชนลำไยอบแห้งบ้านแซม", "ลำไยอบแห้งสีทอง", "อาหาร", "ลำไยอบแห้งทั้งเปลือก", "4", "1,250.50"]);

    let service = Service {
        id: 9,
        data: ServiceDraft {
            provider_id: "2".into(),
            title: "ทดสอบอายุการเก็บรักษา".into(),
            description: "ทดสอบจุลินทรีย์และความชื้น".into(),
            stages: "มาตรฐาน, บรรจุภัณฑ์".into(),
            categories: "อาหาร; เครื่องดื่ม".into(),
            coverage: "ภาคเหนือ".into(),
            capacity_per_year: "40".into(),
            prices: "ทดสอบจุลินทรีย์ 1,500; วัดความชื้น 300".into(),
            active: "".into(),
            ..Default::default()
        }
        .validate()
        .unwrap(),
    };
    let row = service_row(&service, "คลินิกเทคโนโลยี มหาวิทยาลัยเชียงใหม่");
    assert_eq!(row.len(), service_headers().len());
    assert_eq!(row[3], "มาตรฐาน, บรรจุภัณฑ์");
    assert_eq!(row[4], "อาหาร, เครื่องดื่ม");
    assert_eq!(row[5], "ภาคเหนือ");
    assert_eq!(row[7], "ทดสอบจุลินทรีย์ 1,500.00; วัดความชื้น 300.00");
    assert_eq!(row[8], "เปิดรับ");
    // The cells parse back into the same service.
    let again = ServiceDraft {
        provider_id: "2".into(),
        title: row[1].clone(),
        description: row[2].clone(),
        stages: row[3].clone(),
        categories: row[4].clone(),
        coverage: row[5].clone(),
        capacity_per_year: row[6].clone(),
        prices: row[7].clone(),
        active: row[8].clone(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    assert_eq!(again, service.data);

    let bytes = write_xlsx_bytes("บริการ", &service_headers(), [row]).unwrap();
    let t = read_table_bytes(&bytes, "services.xlsx").unwrap();
    assert_eq!(t.headers, service_headers());
    assert_eq!(t.rows[0].get(7), "ทดสอบจุลินทรีย์ 1,500.00; วัดความชื้น 300.00");
}
