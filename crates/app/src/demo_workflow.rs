//! The workflow's demo (DESIGN.md §4.3, issue 5): the coupon rounds of this fiscal year and
//! the one before, their budgets allocated down the ledger, and some forty needs taken
//! through the store's own steps — referred, answered, worked on, delivered, paid, closed
//! and followed up — so that every state, every inbox and every page has something real
//! to show, and `otop-upgrade verify` finds the ledger whole.
//!
//! Everything runs through the store's workflow methods (the same checks and ledger
//! postings as the web), with dates counted back from the load date so the demo looks
//! current any day. The store stamps timeline events and ledger transactions with the
//! wall clock; the demo moves those two stamps back to the day each step is meant to have
//! happened (the audit log keeps the true load time). No randomness: the same database
//! and day give the same data.

use std::collections::{HashMap, HashSet};

use chrono::{Days, NaiveDate};
use otop_domain::access::EnterpriseScope;
use otop_domain::workflow::{Holder, OutcomeData, OutcomeStage, RoundRules};
use otop_domain::{
    Category, CertificationKind, Enterprise, FiscalYear, NeedData, NeedStatus, Role, Satang, Stage, Stars,
};
use otop_geo::{Region, geography};
use otop_store::accounts::AccountFilter;
use otop_store::enterprises::EnterpriseFilter;
use otop_store::services::ServiceListing;
use otop_store::workflow::NewReferral;
use otop_store::{Actor, Store, StoreError};

use crate::demo_accounts::DEMO_SIGN_INS;

/// Lamphun: the demo's provincial officer and entrepreneur are there (DESIGN.md §6).
const LAMPHUN: u8 = 51;
/// The round's most per enterprise, and the enterprise's share of the price.
const CEILING_BAHT: i64 = 50_000;
const COPAY_BASIS_POINTS: u32 = 2000;
/// What this year's round receives; the year before had a little less.
const FUND_BAHT: i64 = 30_000_000;
const FUND_BAHT_BEFORE: i64 = 24_000_000;
/// Lamphun's allocation in this year's round: the demo cases use a few hundred thousand,
/// the rest is room for people trying the demo (and the browser tests) to approve more.
const LAMPHUN_BAHT: i64 = 2_000_000;
/// The provider with a budget of its own (ITAP funds its coupons from its allocation).
const PROVIDER_WITH_BUDGET: &str = "สวทช.";
const PROVIDER_BAHT: i64 = 1_000_000;

/// Today in Thailand (UTC+7), the day the demo's dates count back from.
pub fn today_in_thailand() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WorkflowLoaded {
    pub rounds: usize,
    pub referrals: usize,
    pub projects: usize,
    pub coupons: usize,
}

/// Loads the rounds, budgets and cases. `services` maps the demo catalogue's references
/// (`S001`…, `X001`…) to stored service ids; the demo accounts must be loaded.
pub async fn load(
    store: &Store,
    services: &HashMap<String, i64>,
    today: NaiveDate,
) -> Result<WorkflowLoaded, StoreError> {
    let started = std::time::Instant::now();
    let mut w = Loader::new(store, services, today).await?;
    w.rounds().await?;
    let rounds = started.elapsed();
    for case in CASES {
        w.run(case).await?;
    }
    w.open_need_for_the_demo_entrepreneur().await?;
    tracing::debug!(
        rounds = rounds.as_secs_f64(),
        total = started.elapsed().as_secs_f64(),
        steps = w.steps,
        "demo workflow loaded"
    );
    Ok(w.loaded)
}

/// Who the enterprise of a case is.
#[derive(Clone, Copy)]
enum Who {
    /// The demo entrepreneur's own enterprise, whatever it makes: the texts fit any product.
    DemoEnterprise,
    /// An enterprise of the province whose product's name contains the text (else one that
    /// makes something of the category, else another enterprise of the province).
    In(u8, Category, &'static str),
}

/// What becomes of the coupon of a project.
#[derive(Clone, Copy, PartialEq)]
enum CouponEnd {
    None,
    Submitted,
    Screened,
    /// Approved; payable and paid follow the project.
    Approved,
    Rejected(&'static str),
    /// Cancelled by the officer, then applied for again at the first price (submitted).
    CancelledAndReapplied(&'static str),
}

/// How far a case goes.
#[derive(Clone, Copy, PartialEq)]
enum End {
    Sent,
    Declined(&'static str),
    Withdrawn,
    /// Accepted; `done` of the three milestones completed.
    Active {
        done: usize,
    },
    Reported,
    /// Reported, sent back once with this reason, reported again.
    ReportedAgain(&'static str),
    Accepted,
    Claimed,
    Paid,
    Closed,
    /// Closed more than six months ago; the follow-up is due.
    ClosedFollowUpDue,
    /// Closed more than six months ago and followed up.
    ClosedFollowedUp,
    Cancelled(&'static str),
}

struct Case {
    who: Who,
    need: &'static str,
    stages: &'static [Stage],
    service: &'static str,
    price: usize,
    note: &'static str,
    end: End,
    coupon: CouponEnd,
    /// Days before the load date that the need was referred.
    age: u64,
    /// Certifications the project brought, for the outcome.
    certifications: &'static [CertificationKind],
}

use CouponEnd as C;
use End as E;
use Stage as St;

const fn case(who: Who, need: &'static str, service: &'static str, end: End, coupon: CouponEnd, age: u64) -> Case {
    Case { who, need, stages: &[], service, price: 0, note: "", end, coupon, age, certifications: &[] }
}

const FOOD: Category = Category::Food;
const DRINK: Category = Category::Beverage;
const TEXTILE: Category = Category::Textile;
const DECOR: Category = Category::DecorSouvenir;
const HERBAL: Category = Category::HerbalNonFood;

/// The cases, Lamphun first. Ages are chosen so that each step falls on or before the load
/// date (see `Schedule`).
const CASES: &[Case] = &[
    // The demo entrepreneur's enterprise: a delivery to check, a paid project to close, a
    // follow-up that is due — and, after these, an open need nobody has referred yet.
    Case {
        stages: &[St::Standards],
        note: "กลุ่มพร้อมปรับสถานที่ผลิตแล้ว ขอให้ช่วยตรวจความพร้อมก่อนยื่นขอ มผช.",
        certifications: &[CertificationKind::Tcps],
        ..case(
            Who::DemoEnterprise,
            "ผลิตภัณฑ์ยังไม่มีมาตรฐาน มผช. ร้านของฝากในตัวเมืองจึงยังไม่รับไปวางขาย",
            "S020",
            E::ClosedFollowUpDue,
            C::Approved,
            250,
        )
    },
    Case {
        stages: &[St::Marketing],
        note: "ผู้ประกอบการมีเพจเฟซบุ๊กแล้วแต่ยังขายไม่ได้ อยากเรียนการขายออนไลน์แบบเป็นขั้นตอน",
        ..case(
            Who::DemoEnterprise,
            "อยากขายออนไลน์ แต่ลงสินค้าแล้วไม่ค่อยมีคนสั่ง ไม่รู้จะตั้งราคาค่าส่งและตอบแชตอย่างไร",
            "S054",
            E::Paid,
            C::Approved,
            75,
        )
    },
    Case {
        stages: &[St::Marketing],
        ..case(
            Who::DemoEnterprise,
            "รูปสินค้าที่ถ่ายเองมืดและไม่น่าซื้อ ลูกค้าในไลน์กลุ่มถามแต่ไม่ตัดสินใจสั่ง",
            "S058",
            E::Reported,
            C::Approved,
            48,
        )
    },
    // Lamphun: longan, bananas, chilli paste, silk, cotton, bamboo and herbs in every state.
    Case {
        stages: &[St::ProductionProcess],
        note: "กลุ่มอบลำไยด้วยเตาฟืน 12 ครัวเรือน ผลผลิตปีละประมาณ 3 ตัน ขอให้คลินิกช่วยดูการอบและการเก็บรักษา",
        ..case(
            Who::In(LAMPHUN, FOOD, "ลำไยอบแห้ง"),
            "ลำไยอบแห้งเก็บไม่ถึงเดือนก็ขึ้นรา ลูกค้าส่งคืนมาหลายถุงแล้ว",
            "S025",
            E::Active { done: 1 },
            C::Approved,
            30,
        )
    },
    Case {
        note: "โรงอบอยู่ในอำเภอป่าซาง ใกล้โรงอบของเครือข่าย ประธานกลุ่มสะดวกให้เข้าดูงานวันเสาร์",
        ..case(
            Who::In(LAMPHUN, FOOD, "ลำไยอบแห้ง"),
            "เตาอบลำไยใช้ฟืนเปลืองมาก อบแต่ละรอบสีไม่สม่ำเสมอ ขายได้ราคาต่ำ",
            "S046",
            E::Sent,
            C::None,
            12,
        )
    },
    Case {
        stages: &[St::Standards],
        ..case(
            Who::In(LAMPHUN, FOOD, "ลำไยอบแห้ง"),
            "อยากได้เลข อย. สำหรับลำไยอบแห้งแบบบรรจุถุง เพื่อส่งขายร้านสะดวกซื้อ",
            "S022",
            E::Sent,
            C::None,
            3,
        )
    },
    Case {
        price: 1,
        note: "ผ้าไหมยกดอกลำพูนของกลุ่มซักครั้งแรกแล้วสีตก อยากรู้สาเหตุและวิธีย้อมให้สีติดทน",
        ..case(
            Who::In(LAMPHUN, TEXTILE, "ผ้าไหมยกดอก"),
            "ผ้าไหมยกดอกซักแล้วสีตก ลูกค้าร้องเรียนว่าสีไปติดผ้าผืนอื่น",
            "S003",
            E::Active { done: 0 },
            C::Submitted,
            10,
        )
    },
    Case {
        stages: &[St::ProductionProcess],
        ..case(
            Who::In(LAMPHUN, DECOR, "โคมไฟ"),
            "โคมไฟจักสานไม้ไผ่ขึ้นราและมีมอดเจาะเมื่อเก็บไว้ช่วงหน้าฝน ลูกค้าต่างประเทศตีกลับ",
            "X002",
            E::Active { done: 0 },
            C::Screened,
            14,
        )
    },
    Case {
        price: 1,
        stages: &[St::Standards, St::ProductionProcess],
        certifications: &[CertificationKind::Gmp],
        ..case(
            Who::In(LAMPHUN, FOOD, "น้ำพริก"),
            "อยากปรับห้องผลิตน้ำพริกให้ได้มาตรฐาน GMP เพราะห้างในเชียงใหม่ขอใบรับรองก่อนรับสินค้า",
            "S026",
            E::Claimed,
            C::Approved,
            72,
        )
    },
    Case {
        stages: &[St::Machinery],
        note: "กลุ่มผลิตกล้วยตากวันละ 200 กิโลกรัมด้วยโรงตากพลังงานแสงอาทิตย์ อยากได้ตู้อบลมร้อนไว้ใช้ช่วงหน้าฝน",
        ..case(
            Who::In(LAMPHUN, FOOD, "กล้วยตาก"),
            "ช่วงหน้าฝนตากกล้วยไม่แห้ง กล้วยดำและขึ้นรา อยากได้ตู้อบที่ใช้ได้ทั้งปี",
            "S008",
            E::Accepted,
            C::Approved,
            62,
        )
    },
    Case {
        price: 1,
        ..case(
            Who::In(LAMPHUN, HERBAL, "สบู่"),
            "สบู่น้ำผึ้งดอกลำไยเก็บไว้ไม่นานก็มีกลิ่นหืนและมีหยดน้ำเกาะผิว",
            "S009",
            E::Declined(
                "ช่วงสองเดือนนี้ห้องปฏิบัติการเครื่องสำอางรับงานเต็มแล้ว แนะนำให้ส่งต่อคลินิกเทคโนโลยีในภาคเหนือ หรือส่งมาใหม่หลังเดือนหน้า",
            ),
            C::None,
            20,
        )
    },
    Case {
        price: 1,
        stages: &[St::ProductInnovation],
        certifications: &[CertificationKind::Fda],
        ..case(
            Who::In(LAMPHUN, FOOD, "น้ำพริก"),
            "น้ำพริกตาแดงเก็บได้แค่สองสัปดาห์ อยากส่งขายร้านของฝากที่สนามบินเชียงใหม่",
            "S007",
            E::Closed,
            C::Approved,
            110,
        )
    },
    Case {
        stages: &[St::Packaging],
        ..case(
            Who::In(LAMPHUN, FOOD, "ลำไยอบแห้ง"),
            "ถุงลำไยอบแห้งเป็นถุงใสธรรมดา วางคู่กับของเจ้าอื่นแล้วดูไม่น่าซื้อ",
            "S053",
            E::ReportedAgain("ฉลากต้นแบบยังไม่มีวันหมดอายุและข้อมูลโภชนาการตามที่ตกลงกันไว้ ขอให้แก้ไขก่อนรับมอบงาน"),
            C::Approved,
            62,
        )
    },
    Case {
        ..case(
            Who::In(LAMPHUN, TEXTILE, "ผ้าฝ้าย"),
            "ทอผ้าฝ้ายได้ช้า ต้นทุนค่าแรงสูงจนขายแข่งกับผ้าโรงงานไม่ได้",
            "X002",
            E::Cancelled("ผู้ประกอบการย้ายสถานที่ผลิตและขอยกเลิกโครงการไว้ก่อน จะยื่นใหม่เมื่อพร้อม"),
            C::Approved,
            90,
        )
    },
    Case {
        price: 1,
        stages: &[St::Packaging],
        ..case(
            Who::In(LAMPHUN, DECOR, "โคมไฟ"),
            "กล่องใส่โคมไฟจักสานบางเกินไป ส่งพัสดุแล้วโคมบุบเสียรูปบ่อย",
            "S005",
            E::Active { done: 1 },
            C::Rejected("ผลิตภัณฑ์นี้ได้รับการสนับสนุนออกแบบบรรจุภัณฑ์จากโครงการของ พช. ในปีงบประมาณนี้แล้ว จึงใช้คูปองซ้ำไม่ได้"),
            26,
        )
    },
    Case {
        ..case(
            Who::In(LAMPHUN, FOOD, "ลำไยอบแห้ง"),
            "ลำไยสดจากสวนของสมาชิกมีเพลี้ยแป้งมาก คัดเกรดส่งโรงอบไม่ผ่าน",
            "S049",
            E::Withdrawn,
            C::None,
            15,
        )
    },
    Case {
        stages: &[St::ProductionProcess],
        certifications: &[CertificationKind::Gap],
        ..case(
            Who::In(LAMPHUN, FOOD, "ลำไยอบแห้ง"),
            "โรงอบลำไยของกลุ่มอบได้ไม่เต็มเตา ลำไยสุกไม่ทั่ว ต้องอบซ้ำเสียค่าฟืนสองเท่า",
            "S046",
            E::ClosedFollowedUp,
            C::Approved,
            300,
        )
    },
    Case {
        price: 1,
        stages: &[St::Packaging],
        note: "ต้องการทดสอบการซึมผ่านของความชื้นของถุงที่ใช้อยู่เทียบกับถุงฟอยล์",
        ..case(
            Who::In(LAMPHUN, FOOD, "กล้วยตาก"),
            "กล้วยตากอบน้ำผึ้งเก็บไว้สองสัปดาห์ก็เหนียวติดถุง",
            "S006",
            E::Active { done: 1 },
            C::CancelledAndReapplied("รายการทดสอบที่ยื่นไว้ไม่ตรงกับงานที่ตกลงกับผู้ให้บริการ ขอยกเลิกแล้วยื่นรายการที่ถูกต้องใหม่"),
            32,
        )
    },
    // The north.
    Case {
        stages: &[St::ProductInnovation, St::ProductionProcess],
        note: "น้ำพริกหนุ่มบรรจุกระปุกพลาสติก ขายที่กาดหลวง อยากส่งขายต่างจังหวัด",
        ..case(
            Who::In(50, FOOD, "น้ำพริกหนุ่ม"),
            "น้ำพริกหนุ่มบรรจุกระปุกเก็บได้แค่ห้าวันก็บูด ส่งไปขายไกลไม่ได้",
            "S007",
            E::Sent,
            C::None,
            10,
        )
    },
    Case {
        price: 1,
        ..case(
            Who::In(52, DRINK, "ชา"),
            "ชาสมุนไพรใบหม่อนในซองชื้นง่าย เปิดถุงแล้วจับตัวเป็นก้อนและกลิ่นหอมหายเร็ว",
            "S006",
            E::Sent,
            C::None,
            2,
        )
    },
    Case {
        stages: &[St::ProductionProcess],
        ..case(
            Who::In(52, DECOR, "ชามเซรามิก"),
            "ชามเซรามิกลายไก่เคลือบแตกลายงาหลังเผา ต้องคัดทิ้งเกือบครึ่งเตา",
            "S027",
            E::Reported,
            C::Approved,
            58,
        )
    },
    Case {
        price: 1,
        certifications: &[CertificationKind::Q],
        ..case(
            Who::In(50, FOOD, "แคบหมู"),
            "แคบหมูของกลุ่มยังไม่มีเครื่องหมายอาหารปลอดภัย ห้างในเชียงใหม่ไม่รับวางขาย",
            "S049",
            E::Paid,
            C::Approved,
            80,
        )
    },
    Case {
        price: 1,
        ..case(
            Who::In(57, DRINK, "กาแฟ"),
            "กาแฟคั่วของกลุ่มรสชาติไม่เหมือนกันทุกรอบ ร้านกาแฟที่รับซื้อบ่นเรื่องคุณภาพ",
            "S030",
            E::ClosedFollowedUp,
            C::Approved,
            320,
        )
    },
    Case {
        price: 1,
        certifications: &[CertificationKind::Fda],
        ..case(
            Who::In(56, FOOD, "หอมแดง"),
            "หอมแดงเจียวเก็บได้ไม่นานก็เหม็นหืน อยากขายเป็นของฝากประจำจังหวัด",
            "S028",
            E::Closed,
            C::Approved,
            130,
        )
    },
    Case {
        ..case(
            Who::In(55, TEXTILE, "ลายน้ำไหล"),
            "ผ้าทอลายน้ำไหลแบบผืนใหญ่ขายยาก นักท่องเที่ยวรุ่นใหม่อยากได้ของที่ใช้ได้ทุกวัน",
            "S050",
            E::Active { done: 2 },
            C::Approved,
            45,
        )
    },
    Case {
        ..case(
            Who::In(58, DRINK, "ขิง"),
            "ขิงผงชงดื่มจับตัวเป็นก้อนหลังเปิดถุงได้ไม่กี่วัน ลูกค้าบอกว่าละลายยาก",
            "S047",
            E::Declined("เครือข่ายรับสมาชิกครบตามแผนปีนี้แล้ว แนะนำให้ส่งต่อบริการทดสอบบรรจุภัณฑ์ของ วว. ซึ่งแก้ปัญหาความชื้นได้ตรงกว่า"),
            C::None,
            25,
        )
    },
    // The northeast.
    Case {
        price: 1,
        ..case(
            Who::In(34, FOOD, "หมูยอ"),
            "หมูยอเก็บในตู้เย็นได้ไม่ถึงสัปดาห์ ส่งไปขายต่างจังหวัดไม่ได้",
            "S033",
            E::Reported,
            C::Approved,
            55,
        )
    },
    Case {
        price: 1,
        certifications: &[CertificationKind::Tcps],
        ..case(
            Who::In(32, TEXTILE, "ผ้าไหม"),
            "ผ้าไหมย้อมสีธรรมชาติสีซีดเร็วเมื่อโดนแดด ลูกค้าขอคืนสินค้า",
            "S034",
            E::ClosedFollowUpDue,
            C::Approved,
            260,
        )
    },
    Case {
        ..case(
            Who::In(32, HERBAL, "สบู่"),
            "สบู่สมุนไพรขมิ้นมีจุดด่างขึ้นหลังเก็บไว้เดือนเดียว เนื้อไม่เนียนเหมือนของที่วางขายในร้าน",
            "S036",
            E::Active { done: 0 },
            C::Submitted,
            8,
        )
    },
    Case {
        note: "กลุ่มทอผ้าไหม 30 คน ต้องการเตรียมตัวยื่นขอตรานกยูงพระราชทาน",
        ..case(Who::In(32, TEXTILE, "ผ้าไหม"), "เส้นไหมที่สาวเองขนาดไม่สม่ำเสมอ ทอแล้วผ้าเป็นลอน", "S051", E::Sent, C::None, 20)
    },
    // The east, the south, the centre and the west.
    Case {
        ..case(
            Who::In(22, FOOD, "มังคุด"),
            "มังคุดกวนแข็งเร็วและเก็บได้ไม่นาน อยากทำเป็นขนมพร้อมทานแบบใหม่",
            "S041",
            E::Claimed,
            C::Approved,
            75,
        )
    },
    Case {
        ..case(
            Who::In(20, FOOD, "ข้าวหลาม"),
            "ข้าวหลามใส่ถุงพลาสติกธรรมดาไม่มีฉลาก ร้านของฝากบอกว่าดูไม่น่าเชื่อถือ",
            "S043",
            E::Active { done: 0 },
            C::Screened,
            16,
        )
    },
    Case {
        ..case(
            Who::In(90, FOOD, "ปลาเค็ม"),
            "ปลาเค็มแดดเดียวของกลุ่มขึ้นราเมื่อส่งไปขายต่างจังหวัด ร้านค้าปลายทางขอคืนสินค้า",
            "S038",
            E::Accepted,
            C::Approved,
            65,
        )
    },
    Case {
        ..case(
            Who::In(90, DECOR, "หมอนยางพารา"),
            "หมอนยางพารามีกลิ่นยางแรง ลูกค้าบางรายบอกว่าแพ้",
            "S039",
            E::Withdrawn,
            C::None,
            18,
        )
    },
    Case {
        stages: &[St::Finance],
        ..case(
            Who::In(73, FOOD, "ส้มโอ"),
            "อยากได้เงินทุนซื้อเครื่องซีลสุญญากาศและตู้แช่สำหรับส้มโอแกะเนื้อ แต่ไม่มีหลักทรัพย์ค้ำประกัน",
            "S059",
            E::Closed,
            C::None,
            95,
        )
    },
    Case {
        ..case(
            Who::In(71, HERBAL, "ไพล"),
            "ไพลผงที่บดเองจับตัวเป็นก้อนและมีมอดขึ้น",
            "X008",
            E::Active { done: 1 },
            C::Rejected("ผู้ประกอบการยังไม่ได้ขึ้นทะเบียน OTOP ตามเงื่อนไขของรอบนี้ ขอให้ขึ้นทะเบียนให้เรียบร้อยแล้วยื่นคำขอใหม่"),
            28,
        )
    },
    Case {
        price: 1,
        ..case(
            Who::In(70, DECOR, "โอ่งมังกร"),
            "โอ่งมังกรแตกร้าวระหว่างเผาเกือบทุกเตา เสียทั้งดินและฟืน",
            "X009",
            E::Paid,
            C::Approved,
            85,
        )
    },
    Case {
        ..case(
            Who::In(76, FOOD, "ขนมหม้อแกง"),
            "ขนมหม้อแกงเก็บได้แค่สองวัน อยากทำเป็นของฝากที่เก็บได้หลายวันและส่งไปรษณีย์ได้",
            "X010",
            E::ReportedAgain("คู่มือการผลิตยังขาดขั้นตอนการฆ่าเชื้อบรรจุภัณฑ์ ขอให้เพิ่มเติมและสาธิตให้สมาชิกกลุ่มอีกครั้ง"),
            C::Approved,
            66,
        )
    },
    // ITAP pays from the provider's own allocation.
    Case {
        stages: &[St::ProductionProcess, St::Machinery],
        ..case(
            Who::In(40, TEXTILE, "ผ้าไหม"),
            "ย้อมผ้าไหมทีละหม้อด้วยมือ สีไม่เท่ากันทุกล็อต ลูกค้าโรงแรมสั่งซ้ำแล้วสีไม่ตรงกับล็อตเดิม",
            "S011",
            E::Closed,
            C::Approved,
            120,
        )
    },
    Case {
        ..case(
            Who::In(50, TEXTILE, "ผ้าฝ้าย"),
            "ผ้าฝ้ายทอมือย้อมครามหดตัวมากหลังซัก ลูกค้าตัดเสื้อแล้วใส่ไม่ได้",
            "S011",
            E::Active { done: 1 },
            C::Approved,
            34,
        )
    },
];

/// When each step of a case happens, in days before the load date.
struct Schedule {
    age: u64,
}

impl Schedule {
    const CREATED: i64 = 4;
    const ACCEPTED: i64 = -3;
    const DECLINED: i64 = -3;
    const WITHDRAWN: i64 = -6;
    const APPLIED: i64 = -5;
    const SCREENED: i64 = -7;
    const DECIDED: i64 = -9;
    const COUPON_CANCELLED: i64 = -14;
    const MILESTONES: [i64; 3] = [-15, -28, -38];
    const REPORTED: i64 = -40;
    const RETURNED: i64 = -43;
    const REPORTED_AGAIN: i64 = -50;

    /// Days ago for a step `offset` days after the referral (negative offsets are later).
    fn ago(&self, offset: i64) -> u64 {
        (self.age as i64 + offset).max(0) as u64
    }
}

struct Loader<'a> {
    store: &'a Store,
    services: &'a HashMap<String, i64>,
    listings: HashMap<i64, ServiceListing>,
    provider_names: HashMap<i64, String>,
    today: NaiveDate,
    fy: FiscalYear,
    /// This year's round and last year's.
    current: i64,
    before: i64,
    officer_lamphun: Actor,
    national: Actor,
    provider_staff: (Option<i64>, Actor),
    entrepreneur: Actor,
    demo_enterprise: Option<i64>,
    enterprises: Vec<Enterprise>,
    used: HashSet<i64>,
    products: HashMap<i64, Vec<otop_domain::Product>>,
    people: HashMap<String, usize>,
    /// The day last stamped and the minutes after midnight UTC used on it.
    clock: (NaiveDate, u32),
    /// The last timeline event and ledger transaction whose time was set.
    stamped: (i64, i64),
    steps: u32,
    loaded: WorkflowLoaded,
}

impl<'a> Loader<'a> {
    async fn new(
        store: &'a Store,
        services: &'a HashMap<String, i64>,
        today: NaiveDate,
    ) -> Result<Loader<'a>, StoreError> {
        let listings = store.all_services().await?.into_iter().map(|s| (s.service.id, s)).collect();
        let provider_names = store
            .providers(None)
            .await?
            .into_iter()
            .map(|p| {
                let name = if p.data.short_name.is_empty() { p.data.name.clone() } else { p.data.short_name.clone() };
                (p.id, name)
            })
            .collect();
        let mut enterprises = store
            .enterprises(&EnterpriseFilter { scope: EnterpriseScope::All, limit: 100_000, ..Default::default() })
            .await?
            .items;
        enterprises.sort_by_key(|e| e.id);
        let mut w = Loader {
            store,
            services,
            listings,
            provider_names,
            today,
            fy: FiscalYear::of(today),
            current: 0,
            before: 0,
            officer_lamphun: Actor::new("เจ้าหน้าที่จังหวัดลำพูน"),
            national: Actor::new("ส่วนกลาง"),
            provider_staff: (None, Actor::new("ผู้ให้บริการ")),
            entrepreneur: Actor::new("ผู้ประกอบการ"),
            demo_enterprise: None,
            enterprises,
            used: HashSet::new(),
            products: HashMap::new(),
            people: HashMap::new(),
            clock: (today, 0),
            stamped: (0, 0),
            steps: 0,
            loaded: WorkflowLoaded::default(),
        };
        for d in DEMO_SIGN_INS {
            let accounts =
                store.accounts(&AccountFilter { role: Some(d.role), limit: 100, ..Default::default() }).await?;
            let Some(a) = accounts.items.into_iter().find(|a| a.sign_in.as_deref() == Some(d.sign_in)) else {
                continue;
            };
            let actor = Actor::of(&a.principal(), None);
            match d.role {
                Role::ProvincialOfficer => w.officer_lamphun = actor,
                Role::NationalOfficer => w.national = actor,
                Role::ProviderStaff => w.provider_staff = (a.provider_id, actor),
                Role::Entrepreneur => {
                    w.demo_enterprise = store.member_enterprises(a.id).await?.first().copied();
                    w.entrepreneur = actor;
                }
                _ => {}
            }
        }
        if let Some(e) = w.demo_enterprise {
            w.used.insert(e);
        }
        w.stamped = (max_id(store, "need_events").await?, max_id(store, "ledger_transactions").await?);
        Ok(w)
    }

    fn day(&self, ago: u64) -> NaiveDate {
        self.today - Days::new(ago)
    }

    /// The round that took applications on `day`: this year's, or last year's.
    fn round_on(&self, day: NaiveDate) -> i64 {
        if self.fy.contains(day) { self.current } else { self.before }
    }

    async fn rounds(&mut self) -> Result<(), StoreError> {
        let before = FiscalYear(self.fy.0 - 1);
        let mut provinces: Vec<(u8, usize)> = Vec::new();
        for e in &self.enterprises {
            let code = e.data.address.province_code;
            match provinces.iter_mut().find(|(c, _)| *c == code) {
                Some((_, n)) => *n += 1,
                None => provinces.push((code, 1)),
            }
        }
        provinces.sort();
        let provider = self.provider_named(PROVIDER_WITH_BUDGET);
        for (fy, fund, share) in [(before, FUND_BAHT_BEFORE, 80), (self.fy, FUND_BAHT, 100)] {
            let rules = RoundRules {
                name: format!("คูปองวิทย์เพื่อโอทอป ปีงบประมาณ {}", fy.be()),
                fiscal_year: fy,
                stages: vec![],
                categories: vec![],
                ceiling: Satang::from_baht(CEILING_BAHT),
                copay_basis_points: COPAY_BASIS_POINTS,
                opens_on: fy.start(),
                closes_on: fy.end(),
                entrepreneurs_may_refer: fy == self.fy,
            };
            let round = self.store.create_round(&self.national, &rules).await?;
            self.loaded.rounds += 1;
            if fy == self.fy {
                self.current = round;
            } else {
                self.before = round;
            }
            let s = self.store;
            let a = &self.national;
            s.fund_round(
                a,
                round,
                Satang::from_baht(fund),
                &format!("งบประมาณโครงการคูปองวิทย์เพื่อโอทอป {}", fy.label_th()),
            )
            .await?;
            // Each province: a base plus a share per enterprise; Lamphun, the pilot, more.
            let amount = |code: u8, n: usize| {
                let baht = if code == LAMPHUN { LAMPHUN_BAHT } else { 200_000 + 25_000 * n as i64 };
                baht * share / 100
            };
            for region in Region::ALL {
                let ours: Vec<(u8, i64)> = provinces
                    .iter()
                    .filter(|(c, _)| geography().province(*c).is_some_and(|p| p.region == region))
                    .map(|&(c, n)| (c, amount(c, n)))
                    .collect();
                let sum: i64 = ours.iter().map(|(_, b)| b).sum();
                // A tenth more stays with the region for its own decisions, in round figures.
                let to_region = (sum + sum / 10 + 99_999) / 100_000 * 100_000;
                if to_region == 0 {
                    continue;
                }
                let holder = Holder::Region(region);
                s.allocate(
                    a,
                    round,
                    Holder::National,
                    holder,
                    Satang::from_baht(to_region),
                    &format!("จัดสรรให้{}", region.name_th()),
                )
                .await?;
                for (code, baht) in ours {
                    let memo = format!("จัดสรรให้ {}", Holder::Province(code).name_th());
                    s.allocate(a, round, holder, Holder::Province(code), Satang::from_baht(baht), &memo).await?;
                }
            }
            if let Some(p) = provider {
                let memo = "จัดสรรให้ สวทช. สำหรับคูปองในโปรแกรม ITAP";
                s.allocate(
                    a,
                    round,
                    Holder::National,
                    Holder::Provider(p),
                    Satang::from_baht(PROVIDER_BAHT * share / 100),
                    memo,
                )
                .await?;
            }
            self.stamp(fy.start()).await?;
        }
        Ok(())
    }

    fn provider_named(&self, short_name: &str) -> Option<i64> {
        self.provider_names.iter().filter(|(_, n)| n.as_str() == short_name).map(|(id, _)| *id).min()
    }

    /// Sets the time of the timeline events and ledger transactions written since the last
    /// call to `day` (working hours, a few minutes apart), unless `day` is today.
    async fn stamp(&mut self, day: NaiveDate) -> Result<(), StoreError> {
        self.steps += 1;
        if day >= self.today {
            self.stamped = (max_id(self.store, "need_events").await?, max_id(self.store, "ledger_transactions").await?);
            return Ok(());
        }
        // From 09:00–11:00 in Thailand, later steps of the same day a little later.
        let minutes = if self.clock.0 == day {
            (self.clock.1 + 7 + self.steps % 11).min(10 * 60)
        } else {
            2 * 60 + (self.steps * 13) % 120
        };
        self.clock = (day, minutes);
        let at = format!("{}T{:02}:{:02}:00.000Z", day.format("%Y-%m-%d"), minutes / 60, minutes % 60);
        self.stamped.0 = restamp(self.store, "need_events", self.stamped.0, &at).await?;
        self.stamped.1 = restamp(self.store, "ledger_transactions", self.stamped.1, &at).await?;
        Ok(())
    }

    /// An unused enterprise of the province with a product named like `hint` (else of
    /// `category`), with that product; else any unused one of the province, or the region.
    async fn enterprise_for(
        &mut self,
        province: u8,
        category: Category,
        hint: &str,
    ) -> Result<(Enterprise, Option<i64>), StoreError> {
        let region = geography().province(province).map(|p| p.region);
        let candidates: Vec<Enterprise> = self
            .enterprises
            .iter()
            .filter(|e| !self.used.contains(&e.id) && e.data.address.province_code == province)
            .cloned()
            .collect();
        let mut products = Vec::with_capacity(candidates.len());
        for e in &candidates {
            if !self.products.contains_key(&e.id) {
                self.products.insert(e.id, self.store.products_of(e.id).await?);
            }
            products.push(self.products[&e.id].clone());
        }
        let named = |p: &otop_domain::Product| p.data.category == category && p.data.name.contains(hint);
        let of_category = |p: &otop_domain::Product| p.data.category == category;
        for wanted in [&named as &dyn Fn(&otop_domain::Product) -> bool, &of_category] {
            for (e, ps) in candidates.iter().zip(&products) {
                if let Some(p) = ps.iter().find(|p| wanted(p)) {
                    self.used.insert(e.id);
                    return Ok((e.clone(), Some(p.id)));
                }
            }
        }
        let fallback = candidates.first().cloned().or_else(|| {
            self.enterprises
                .iter()
                .find(|e| {
                    !self.used.contains(&e.id)
                        && geography().province(e.data.address.province_code).map(|p| p.region) == region
                })
                .cloned()
        });
        let e = match fallback {
            Some(e) => e,
            None => {
                self.enterprises.iter().find(|e| !self.used.contains(&e.id)).cloned().ok_or(StoreError::NotFound)?
            }
        };
        self.used.insert(e.id);
        Ok((e, None))
    }

    /// The same person every time for `key`, a new one for each new key.
    fn person(&mut self, key: String) -> &'static str {
        let next = self.people.len();
        PEOPLE[*self.people.entry(key).or_insert(next) % PEOPLE.len()]
    }

    /// A province's officer: the demo account in Lamphun, a named officer elsewhere.
    fn officer(&mut self, province: u8) -> Actor {
        if province == LAMPHUN {
            return self.officer_lamphun.clone();
        }
        let name = self.person(format!("province:{province}"));
        let place = geography().province(province).map_or(String::new(), |p| p.name_th.to_string());
        Actor::new(format!("{name} เจ้าหน้าที่จังหวัด{place}"))
    }

    fn provider_actor(&mut self, provider_id: i64) -> Actor {
        if self.provider_staff.0 == Some(provider_id) {
            return self.provider_staff.1.clone();
        }
        let name = self.person(format!("provider:{provider_id}"));
        let org = self.provider_names.get(&provider_id).cloned().unwrap_or_default();
        Actor::new(format!("{name} ({org})"))
    }

    async fn run(&mut self, c: &Case) -> Result<(), StoreError> {
        let Some(&service_id) = self.services.get(c.service) else { return Ok(()) };
        let Some(service) = self.listings.get(&service_id).cloned() else { return Ok(()) };
        let (enterprise, product, category) = match c.who {
            Who::DemoEnterprise => {
                let Some(id) = self.demo_enterprise else { return Ok(()) };
                let product = self.store.products_of(id).await?.into_iter().next();
                (self.store.enterprise(id).await?, product.as_ref().map(|p| p.id), product.map(|p| p.data.category))
            }
            Who::In(province, category, hint) => {
                let (e, product) = self.enterprise_for(province, category, hint).await?;
                (e, product, Some(category))
            }
        };
        let province = enterprise.data.address.province_code;
        let (entrepreneur, officer, staff) = (
            if Some(enterprise.id) == self.demo_enterprise {
                self.entrepreneur.clone()
            } else {
                Actor::new(enterprise.data.contact_name.clone())
            },
            self.officer(province),
            self.provider_actor(service.service.data.provider_id),
        );
        let s = Schedule { age: c.age };
        let store = self.store;
        let need = store
            .create_need(
                &entrepreneur,
                &NeedData {
                    enterprise_id: enterprise.id,
                    product_id: product,
                    text: c.need.to_string(),
                    province_code: province,
                    category,
                    stages: c.stages.to_vec(),
                    status: NeedStatus::Open,
                    created_on: self.day(s.ago(Schedule::CREATED)),
                },
            )
            .await?;
        let referral = store
            .refer(&officer, &NewReferral { need_id: need, service_id, note: c.note.to_string() }, self.day(s.age))
            .await?;
        self.loaded.referrals += 1;
        self.stamp(self.day(s.age)).await?;
        match c.end {
            E::Sent => return Ok(()),
            E::Declined(reason) => {
                store.decline_referral(&staff, referral, reason).await?;
                return self.stamp(self.day(s.ago(Schedule::DECLINED))).await;
            }
            E::Withdrawn => {
                store.withdraw_referral(&officer, referral).await?;
                return self.stamp(self.day(s.ago(Schedule::WITHDRAWN))).await;
            }
            _ => {}
        }
        let started = self.day(s.ago(Schedule::ACCEPTED));
        let project = store.accept_referral(&staff, referral, started).await?;
        self.loaded.projects += 1;
        self.stamp(started).await?;

        let stage = service.service.data.stages.first().copied().unwrap_or(Stage::ProductionProcess);
        let work = work_for(stage);
        let mut milestones = Vec::new();
        for (k, title) in work.milestones.iter().enumerate() {
            let due = started + Days::new(15 * (k as u64 + 1) + 5);
            milestones.push(store.add_milestone(&staff, project, title, due).await?);
        }
        self.stamp(started).await?;

        // The coupon.
        let approver = |w: &Self, funded_by: Holder| match funded_by {
            Holder::Province(_) => officer.clone(),
            _ => w.national.clone(),
        };
        let mut coupon = None;
        if c.coupon != C::None {
            let applied = self.day(s.ago(Schedule::APPLIED));
            let round = self.round_on(applied);
            let id = store.apply_coupon(&entrepreneur, project, round, c.price, applied).await?;
            self.loaded.coupons += 1;
            self.stamp(applied).await?;
            let funded_by = store.coupon(id).await?.funded_by;
            if c.coupon != C::Submitted {
                let day = self.day(s.ago(Schedule::SCREENED));
                store.screen_coupon(&officer, id, day).await?;
                self.stamp(day).await?;
            }
            let decided = self.day(s.ago(Schedule::DECIDED));
            match c.coupon {
                C::Approved | C::CancelledAndReapplied(_) => {
                    store.approve_coupon(&approver(self, funded_by), id, decided).await?;
                    self.stamp(decided).await?;
                }
                C::Rejected(reason) => {
                    store.reject_coupon(&officer, id, reason, decided).await?;
                    self.stamp(decided).await?;
                }
                _ => {}
            }
            if let C::CancelledAndReapplied(reason) = c.coupon {
                let day = self.day(s.ago(Schedule::COUPON_CANCELLED));
                store.cancel_coupon(&officer, id, reason, day).await?;
                self.stamp(day).await?;
                store.apply_coupon(&entrepreneur, project, self.round_on(day), 0, day).await?;
                self.loaded.coupons += 1;
                self.stamp(day).await?;
            }
            coupon = Some((id, funded_by));
        }

        // The work.
        let done = match c.end {
            E::Active { done } => done,
            E::Cancelled(_) => 1,
            _ => 3,
        };
        for (k, &m) in milestones.iter().enumerate().take(done) {
            let day = self.day(s.ago(Schedule::MILESTONES[k]));
            store.complete_milestone(&staff, project, m, day).await?;
            self.stamp(day).await?;
            if k == 0 {
                store
                    .add_deliverable(&staff, project, work.interim, "application/pdf", pdf(work.interim_title, project))
                    .await?;
                self.stamp(day).await?;
            }
        }
        if let E::Cancelled(reason) = c.end {
            let day = self.day(s.ago(Schedule::MILESTONES[1]));
            store.cancel_engagement(&officer, project, reason, day).await?;
            return self.stamp(day).await;
        }
        if matches!(c.end, E::Active { .. }) {
            return Ok(());
        }
        let reported = self.day(s.ago(Schedule::REPORTED));
        store
            .add_deliverable(&staff, project, work.report_file, "application/pdf", pdf(work.report_title, project))
            .await?;
        if matches!(stage, Stage::Packaging | Stage::Marketing | Stage::ProductInnovation | Stage::Machinery) {
            store.add_deliverable(&staff, project, work.picture, "image/png", png(project)).await?;
        }
        store.report_delivery(&staff, project, work.report, reported).await?;
        self.stamp(reported).await?;
        let mut last = reported;
        if let E::ReportedAgain(reason) = c.end {
            let returned = self.day(s.ago(Schedule::RETURNED));
            store.return_delivery(&entrepreneur, project, reason).await?;
            self.stamp(returned).await?;
            last = self.day(s.ago(Schedule::REPORTED_AGAIN));
            let again = format!("{} แก้ไขตามที่ผู้ประกอบการแจ้งครบทุกข้อแล้ว", work.report);
            store.report_delivery(&staff, project, &again, last).await?;
            self.stamp(last).await?;
        }
        if matches!(c.end, E::Reported | E::ReportedAgain(_)) {
            return Ok(());
        }
        let today = self.today;
        let step = move |from: NaiveDate, days: u64| (from + Days::new(days)).min(today);
        let accepted = step(last, 3);
        store.accept_delivery(&entrepreneur, project, accepted).await?;
        self.stamp(accepted).await?;
        last = accepted;
        if coupon.is_some() {
            if c.end == E::Accepted {
                return Ok(());
            }
            let claimed = step(last, 3);
            store.claim_payment(&staff, project, claimed).await?;
            self.stamp(claimed).await?;
            if c.end == E::Claimed {
                return Ok(());
            }
            let paid = step(claimed, 6);
            let payer = approver(self, coupon.map_or(Holder::National, |(_, h)| h));
            store.approve_payment(&payer, project, paid).await?;
            self.stamp(paid).await?;
            if c.end == E::Paid {
                return Ok(());
            }
            last = paid;
        }
        let closed = step(last, 2);
        let at_close = outcome(c, &enterprise, stage, OutcomeStage::AtClose);
        store.close_engagement(&entrepreneur, project, &at_close, closed).await?;
        self.stamp(closed).await?;
        if c.end == E::ClosedFollowedUp {
            let day = step(otop_domain::workflow::follow_up_due(closed), 5);
            let later = outcome(c, &enterprise, stage, OutcomeStage::FollowUp);
            store.record_follow_up(&entrepreneur, project, &later, day).await?;
            self.stamp(day).await?;
        }
        Ok(())
    }

    /// The browser tests refer a need of the demo entrepreneur's enterprise: make sure one
    /// is open and has never been referred.
    async fn open_need_for_the_demo_entrepreneur(&mut self) -> Result<(), StoreError> {
        let Some(id) = self.demo_enterprise else { return Ok(()) };
        for n in self.store.needs_of(id).await? {
            if n.data.status == NeedStatus::Open && self.store.referrals_of_need(n.id).await?.is_empty() {
                return Ok(());
            }
        }
        let e = self.store.enterprise(id).await?;
        let product = self.store.products_of(id).await?.into_iter().next();
        let text = match &product {
            Some(p) => format!("{}เก็บได้ไม่นาน อยากยืดอายุและมีบรรจุภัณฑ์ที่ส่งขายต่างจังหวัดได้", p.data.name),
            None => "สินค้าเก็บได้ไม่นาน อยากยืดอายุและมีบรรจุภัณฑ์ที่ส่งขายต่างจังหวัดได้".to_string(),
        };
        self.store
            .create_need(
                &self.entrepreneur,
                &NeedData {
                    enterprise_id: id,
                    product_id: product.as_ref().map(|p| p.id),
                    text,
                    province_code: e.data.address.province_code,
                    category: product.as_ref().map(|p| p.data.category),
                    stages: vec![Stage::Packaging],
                    status: NeedStatus::Open,
                    created_on: self.day(5),
                },
            )
            .await?;
        Ok(())
    }
}

async fn max_id(store: &Store, table: &str) -> Result<i64, StoreError> {
    let sql = format!("SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM {table}");
    Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).fetch_one(store.pool()).await?)
}

/// Sets `at` on the rows of `table` after id `after`; returns the last id set.
async fn restamp(store: &Store, table: &str, after: i64, at: &str) -> Result<i64, StoreError> {
    let sql = format!("UPDATE {table} SET at = $1 WHERE id > $2 RETURNING id");
    let ids: Vec<i64> =
        sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(at.to_string()).bind(after).fetch_all(store.pool()).await?;
    Ok(ids.into_iter().max().unwrap_or(after))
}

/// What a provider does for a service of a stage: milestones, the report, file names.
struct Work {
    milestones: [&'static str; 3],
    report: &'static str,
    interim: &'static str,
    interim_title: &'static str,
    report_file: &'static str,
    report_title: &'static str,
    picture: &'static str,
}

fn work_for(stage: Stage) -> Work {
    let (milestones, report, picture) = match stage {
        Stage::RawMaterial => (
            ["สำรวจแหล่งวัตถุดิบและเก็บตัวอย่าง", "ทดลองปรับวิธีปลูกและคัดเลือกวัตถุดิบ", "สรุปผลและถ่ายทอดวิธีปฏิบัติให้สมาชิกกลุ่ม"],
            "ตรวจคุณภาพวัตถุดิบจากแหล่งเดิมและแหล่งใหม่ ปรับวิธีคัดเลือกและเก็บรักษาวัตถุดิบ อบรมสมาชิกกลุ่ม 12 คน และส่งมอบคู่มือการคัดเกรดวัตถุดิบพร้อมผลวิเคราะห์",
            "ภาพแปลงวัตถุดิบ.png",
        ),
        Stage::ProductInnovation => (
            ["ศึกษาผลิตภัณฑ์เดิมและความต้องการของตลาด", "พัฒนาสูตรและทำผลิตภัณฑ์ต้นแบบ", "ทดสอบการยอมรับของผู้บริโภคและถ่ายทอดสูตร"],
            "พัฒนาผลิตภัณฑ์ต้นแบบ 2 สูตร ทดสอบการยอมรับกับผู้บริโภค 60 คน สูตรที่เลือกได้คะแนนความชอบโดยรวม 7.8 จาก 9 ถ่ายทอดสูตรและขั้นตอนการผลิตให้กลุ่มแล้ว พร้อมรายงานผลการทดสอบ",
            "ภาพผลิตภัณฑ์ต้นแบบ.png",
        ),
        Stage::ProductionProcess => (
            [
                "ตรวจประเมินกระบวนการผลิต ณ สถานที่ผลิต",
                "ปรับปรุงขั้นตอนการผลิตและทดลองผลิตจริง",
                "ทดสอบคุณภาพผลิตภัณฑ์และจัดทำคู่มือการผลิต",
            ],
            "ตรวจประเมินสายการผลิตและปรับขั้นตอนที่เป็นจุดเสี่ยง ทดลองผลิตจริง 3 รอบ ผลิตภัณฑ์มีคุณภาพสม่ำเสมอขึ้น ของเสียลดจากประมาณร้อยละ 15 เหลือร้อยละ 5 ส่งมอบคู่มือการผลิตและผลตรวจวิเคราะห์",
            "ภาพสายการผลิต.png",
        ),
        Stage::Standards => (
            ["ตรวจความพร้อมของสถานที่ผลิตและเอกสาร", "แก้ไขข้อบกพร่องและส่งตัวอย่างตรวจวิเคราะห์", "ยื่นเอกสารขอการรับรองมาตรฐาน"],
            "ตรวจประเมินสถานที่ผลิตตามหลักเกณฑ์ แนะนำการแก้ไขข้อบกพร่อง 8 ข้อจนครบ ส่งตัวอย่างตรวจวิเคราะห์ผ่านทุกรายการ และช่วยจัดเตรียมเอกสารยื่นขอการรับรองมาตรฐานเรียบร้อยแล้ว",
            "ภาพสถานที่ผลิตหลังปรับปรุง.png",
        ),
        Stage::Packaging => (
            ["สำรวจบรรจุภัณฑ์เดิมและช่องทางจำหน่าย", "ออกแบบโครงสร้างและกราฟิก 3 แบบให้เลือก", "ผลิตต้นแบบและทดสอบการขนส่ง"],
            "ออกแบบบรรจุภัณฑ์ใหม่ 3 แบบ ผู้ประกอบการเลือกกล่องกระดาษคราฟต์มีช่องหน้าต่าง ผลิตต้นแบบ 50 ชิ้น ทดสอบการขนส่งและการเก็บรักษาแล้ว ส่งมอบไฟล์อาร์ตเวิร์กต้นฉบับและรายชื่อโรงพิมพ์",
            "ภาพต้นแบบบรรจุภัณฑ์.png",
        ),
        Stage::Machinery => (
            ["สำรวจหน้างานและกำหนดกำลังการผลิต", "ออกแบบและสร้างเครื่องต้นแบบ", "ติดตั้ง ทดสอบเดินเครื่อง และอบรมการใช้งาน"],
            "ออกแบบและสร้างเครื่องตามกำลังการผลิตของกลุ่ม ติดตั้งและทดสอบเดินเครื่องที่สถานที่ผลิต เวลาการผลิตต่อรอบลดลงประมาณครึ่งหนึ่ง อบรมการใช้งานและการบำรุงรักษาให้สมาชิก 6 คน ส่งมอบคู่มือการใช้งาน",
            "ภาพเครื่องต้นแบบ.png",
        ),
        Stage::Finance => (
            [
                "ประเมินสถานะการเงินและความต้องการเงินทุน",
                "จัดทำแผนธุรกิจและเอกสารประกอบคำขอสินเชื่อ",
                "ยื่นคำขอสินเชื่อและติดตามผลการพิจารณา",
            ],
            "ให้คำปรึกษาการทำบัญชีรายรับรายจ่ายและแผนธุรกิจ 3 ปี ยื่นคำขอสินเชื่อวงเงิน 200,000 บาท ธนาคารอนุมัติแล้ว ผู้ประกอบการนำไปซื้อเครื่องซีลสุญญากาศและตู้แช่ตามแผน",
            "ภาพเครื่องที่ซื้อด้วยสินเชื่อ.png",
        ),
        Stage::Marketing => (
            ["วิเคราะห์กลุ่มลูกค้าและช่องทางขาย", "ถ่ายภาพสินค้าและทำเนื้อหาสำหรับช่องทางออนไลน์", "เปิดร้านค้าออนไลน์และติดตามยอดขาย"],
            "วิเคราะห์กลุ่มลูกค้า ถ่ายภาพสินค้า 20 ภาพและวิดีโอสั้น 2 เรื่อง เปิดร้านค้าบนแพลตฟอร์มออนไลน์ 2 แห่ง อบรมการตอบแชตและการจัดส่งสินค้า เดือนแรกมีคำสั่งซื้อ 35 รายการ",
            "ภาพสินค้าสำหรับร้านออนไลน์.png",
        ),
    };
    Work {
        milestones,
        report,
        interim: "ผลการดำเนินงานงวดที่ 1.pdf",
        interim_title: "Interim results (milestone 1)",
        report_file: "รายงานฉบับสมบูรณ์.pdf",
        report_title: "Final delivery report",
        picture,
    }
}

/// The outcome at close (or at the follow-up, when more has come of it).
fn outcome(c: &Case, e: &Enterprise, stage: Stage, at: OutcomeStage) -> OutcomeData {
    let follow_up = at == OutcomeStage::FollowUp;
    // Monthly revenue before, 12,000–47,000 baht, fixed per enterprise.
    let before = 12_000 + (e.id * 7_919 % 36) * 1_000;
    let (gain, jobs, products, markets, note) = match stage {
        Stage::Packaging | Stage::Marketing => {
            (60, 1, 0, "ร้านของฝากในตัวจังหวัด, ร้านค้าออนไลน์", "ยอดขายเพิ่มขึ้นชัดเจนหลังเปลี่ยนบรรจุภัณฑ์และเริ่มขายออนไลน์")
        }
        Stage::Standards => (40, 1, 0, "ร้านค้าปลีกสมัยใหม่ในจังหวัด", "ได้การรับรองมาตรฐานแล้ว ร้านค้าที่เคยปฏิเสธรับสินค้าไปวางขาย"),
        Stage::Machinery => (35, 2, 0, "", "กำลังผลิตเพิ่มขึ้นเกือบเท่าตัว รับคำสั่งซื้อจำนวนมากได้"),
        Stage::ProductInnovation => (50, 1, 1, "ร้านของฝากสนามบิน", "มีผลิตภัณฑ์ใหม่ที่เก็บได้นานขึ้น ขายได้ทั้งปี"),
        Stage::Finance => (25, 1, 0, "", "ได้สินเชื่อซื้อเครื่องมือ ผลิตได้สม่ำเสมอขึ้น"),
        Stage::RawMaterial | Stage::ProductionProcess => (30, 1, 0, "", "ของเสียลดลงมาก ต้นทุนต่อหน่วยลดลง คุณภาพสม่ำเสมอขึ้น"),
    };
    let gain = if follow_up { gain + gain / 2 } else { gain };
    let stars_before = e.data.stars.map(|s| s.get()).unwrap_or(2);
    let stars_after = (stars_before + u8::from(follow_up || !c.certifications.is_empty())).min(5);
    let jobs_before = 5 + (e.id % 8) as u32;
    OutcomeData {
        stage: at,
        certifications: c.certifications.to_vec(),
        stars_before: Stars::new(stars_before),
        stars_after: Stars::new(stars_after),
        revenue_before: Some(Satang::from_baht(before)),
        revenue_after: Some(Satang::from_baht(before * (100 + gain) / 100 / 500 * 500)),
        jobs_before: Some(jobs_before),
        jobs_after: Some(jobs_before + if follow_up { jobs + 1 } else { jobs }),
        new_products: products,
        new_markets: markets.to_string(),
        note: if follow_up {
            format!("ติดตามผล 6 เดือน: {note} ยอดขายยังเพิ่มต่อเนื่อง")
        } else {
            note.to_string()
        },
    }
}

/// Names for the officers and provider staff who have no demo account, given out in turn.
const PEOPLE: &[&str] = &[
    "อรทัย ศรีสุข",
    "กิตติพงษ์ มาลัย",
    "สุภาวดี แก้วมณี",
    "ณัฐวุฒิ ทองคำ",
    "ปิยะนุช บุญเรือง",
    "วีระพงษ์ สายสุวรรณ",
    "จันทร์เพ็ญ ดวงดี",
    "ธีรวัฒน์ ใจมั่น",
    "รัตนา พรหมมา",
    "ชัยวัฒน์ ศรีวงศ์",
    "มณีรัตน์ คำแก้ว",
    "สมพงษ์ อินทร์แก้ว",
    "พรทิพย์ วงศ์ใหญ่",
    "อนุชา เรืองศรี",
    "กาญจนา มีสุข",
    "ประยุทธ ทองดี",
    "วิไลวรรณ ชัยมงคล",
    "สุรเชษฐ์ บุญมา",
    "นิตยา สุขเจริญ",
    "ธนากร แสงทอง",
    "อัมพร ศรีนวล",
    "เอกชัย พึ่งบุญ",
    "ลำดวน คำปัน",
    "ศักดิ์ชัย ปัญญาดี",
    "บุษบา รัตนวงศ์",
    "ภานุวัฒน์ อุ่นเรือน",
    "จิราภรณ์ สมบูรณ์",
    "ไพโรจน์ วงค์คำ",
];

/// A one-page PDF (PDF 1.4, Helvetica) with a title and the project number: small, valid,
/// opens in any viewer. Text in Thai would need an embedded font; the file name is Thai.
pub fn pdf(title: &str, project: i64) -> Vec<u8> {
    let text = format!(
        "BT /F1 18 Tf 56 780 Td ({}) Tj 0 -28 Td /F1 12 Tf (OTOP upgrade - STI coupon project #{project}) Tj \
         0 -18 Td (Demo document generated with the demo data.) Tj ET",
        title.replace(['(', ')', '\\'], "")
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{text}\nendstream", text.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// A 48×32 PNG (a small bar chart in the programme's green, different per project): valid,
/// written with stored (uncompressed) deflate blocks so no compressor is needed.
pub fn png(project: i64) -> Vec<u8> {
    const W: usize = 48;
    const H: usize = 32;
    let mut raw = Vec::with_capacity(H * (1 + 3 * W));
    for y in 0..H {
        raw.push(0); // filter: none
        for x in 0..W {
            let bar = x / 12;
            let height = 8 + ((project as usize + bar * 5) % 4) * 6;
            let filled = x % 12 >= 2 && x % 12 <= 9 && H - y <= height;
            raw.extend_from_slice(if filled { &[0x2e, 0x7d, 0x32] } else { &[0xf5, 0xf5, 0xf0] });
        }
    }
    let mut zlib = vec![0x78, 0x01];
    let chunks: Vec<&[u8]> = raw.chunks(65_535).collect();
    for (i, c) in chunks.iter().enumerate() {
        zlib.push(u8::from(i + 1 == chunks.len()));
        let len = c.len() as u16;
        zlib.extend_from_slice(&len.to_le_bytes());
        zlib.extend_from_slice(&(!len).to_le_bytes());
        zlib.extend_from_slice(c);
    }
    let (mut a, mut b) = (1u32, 0u32);
    for &byte in &raw {
        a = (a + u32::from(byte)) % 65_521;
        b = (b + a) % 65_521;
    }
    zlib.extend_from_slice(&((b << 16) | a).to_be_bytes());
    let mut header = Vec::new();
    header.extend_from_slice(&(W as u32).to_be_bytes());
    header.extend_from_slice(&(H as u32).to_be_bytes());
    header.extend_from_slice(&[8, 2, 0, 0, 0]); // 8-bit RGB
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [(b"IHDR", header), (b"IDAT", zlib), (b"IEND", Vec::new())] {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend_from_slice(kind);
        out.extend_from_slice(&data);
        let crc = crc32(&out[start..]);
        out.extend_from_slice(&crc.to_be_bytes());
    }
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_files_are_well_formed() {
        let p = pdf("Final delivery report", 7);
        assert!(p.starts_with(b"%PDF-1.4") && p.ends_with(b"%%EOF\n"));
        // Offsets are in bytes (the header's second line is binary, as PDF recommends).
        let at = |needle: &str| p.windows(needle.len()).position(|w| w == needle.as_bytes()).unwrap();
        let tail = std::str::from_utf8(&p[at("startxref\n")..]).unwrap();
        let xref: usize = tail.lines().nth(1).unwrap().parse().unwrap();
        assert!(p[xref..].starts_with(b"xref\n"), "startxref points at the table");
        let table = std::str::from_utf8(&p[xref..]).unwrap();
        for (i, line) in table.lines().skip(3).take(5).enumerate() {
            let offset: usize = line[..10].parse().unwrap();
            assert!(p[offset..].starts_with(format!("{} 0 obj", i + 1).as_bytes()), "object {} at {offset}", i + 1);
        }
        let g = png(7);
        assert!(g.starts_with(b"\x89PNG\r\n\x1a\n"));
        // The IHDR chunk's CRC, as any PNG reader checks it.
        let crc = u32::from_be_bytes(g[29..33].try_into().unwrap());
        assert_eq!(crc, crc32(&g[12..29]));
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
    }

    #[test]
    fn every_case_names_a_service_of_the_catalogue() {
        let refs: HashSet<String> = otop_demo::services().into_iter().map(|s| s.reference).collect();
        for c in CASES {
            assert!(refs.contains(c.service), "{}", c.service);
        }
    }
}
