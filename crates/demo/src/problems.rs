//! Problems producers state, in the everyday Thai they type on a phone. `{p}` stands for the
//! product's name; a text without it is about the business rather than one product.

use otop_domain::{Category, Stage};

/// A kind of problem. Products list the ones that fit them; [`generic`] adds the ones any
/// product of a category can have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Pr {
    Mould,
    Rancid,
    ColdSpoil,
    Bloat,
    Sticky,
    Colour,
    Sour,
    Roast,
    SeedPurity,
    RawQuality,
    Pesticide,
    Fda,
    Tcps,
    Halal,
    Pack,
    Machine,
    Capital,
    Sales,
    Export,
    NewProduct,
    Fade,
    OldDesign,
    Coarse,
    Loom,
    Craze,
    KilnCrack,
    Lead,
    Tarnish,
    WoodMould,
    Waste,
    ShipBreak,
    RubberSticky,
    SoapSweat,
    Notify,
    HerbMould,
    Scent,
    Trademark,
    Wastewater,
}

pub(crate) struct Problem {
    pub texts: &'static [&'static str],
    /// The value-chain stages an officer would tag; kept in `Stage` order.
    pub stages: &'static [Stage],
}

use Stage::*;

pub(crate) fn problem(p: Pr) -> &'static Problem {
    macro_rules! pb {
        ([$($t:literal),+ $(,)?], [$($s:expr),*]) => {{
            static P: Problem = Problem { texts: &[$($t),+], stages: &[$($s),*] };
            &P
        }};
    }
    match p {
        Pr::Mould => pb!(
            [
                "{p}ที่ทำขาย เก็บไว้ไม่ถึงเดือนก็ขึ้นราขาวๆ ต้องทิ้งไปเยอะมาก ไม่รู้ว่าอบไม่แห้งพอหรือเก็บผิดวิธี",
                "{p}ของกลุ่มเก็บได้ไม่กี่วันก็ขึ้นรา ร้านค้าตีกลับมาหลายรอบแล้ว อยากให้เก็บได้นานกว่านี้",
                "เก็บ{p}ไว้ในโกดังช่วงหน้าฝน เปิดมาเจอราเป็นจุดเขียวๆ ทั้งกระสอบ",
            ],
            [ProductionProcess, Packaging]
        ),
        Pr::Rancid => pb!(
            ["{p}เก็บได้แค่อาทิตย์สองอาทิตย์ก็นิ่ม มีกลิ่นหืน ลูกค้าบ่น", "{p}ใส่ถุงปิดอย่างดีแล้ว แต่ไม่กี่เดือนกลิ่นหืนมาก ต้องลดราคาขาย",],
            [ProductionProcess, Packaging]
        ),
        Pr::ColdSpoil => pb!(
            [
                "{p}ต้องแช่เย็นตลอด ส่งไปขายต่างจังหวัดไม่ได้เลย เสียง่ายมาก อยากให้อยู่ได้นานขึ้น",
                "{p}ทำสดขายวันต่อวัน เหลือก็เปรี้ยวต้องทิ้ง อยากรู้วิธีทำให้เก็บได้หลายวัน",
            ],
            [ProductionProcess, Packaging]
        ),
        Pr::Bloat => pb!(
            [
                "{p}ใส่กระปุกขาย ผ่านไปสองสามอาทิตย์ฝาโป่ง มีฟองฟู่ๆ คนซื้อกลัวเลยไม่กล้าซื้อซ้ำ",
                "{p}บางขวดบวม มีกลิ่นแปลกๆ ไม่รู้ว่าหมักผิดหรือปิดฝาไม่ดี",
            ],
            [ProductionProcess, Standards]
        ),
        Pr::Sticky => pb!(
            ["{p}ออกมาเหนียวติดกันเป็นก้อน แกะยาก ดูไม่น่ากิน", "{p}เจออากาศชื้นแล้วเยิ้มติดถุง วางขายแล้วไม่สวยเลย",],
            [ProductionProcess]
        ),
        Pr::Colour => pb!(
            [
                "{p}ออกมาสีคล้ำๆ ไม่สวยเหมือนของเจ้าอื่น คิดว่าเตาเก่าไฟไม่สม่ำเสมอ",
                "ทำ{p}แต่ละรอบสีไม่เท่ากัน บางรอบไหม้ บางรอบซีด พ่อค้าคนกลางกดราคา",
            ],
            [ProductionProcess, Machinery]
        ),
        Pr::Sour => pb!(
            [
                "{p}แช่ตู้เย็นไว้แค่สองวันรสก็เปรี้ยวแล้ว ถ้าจะส่งไปขายในเมืองต้องทำยังไง",
                "{p}บรรจุขวดแล้วมีตะกอนนอนก้น บางขวดรสเพี้ยน ลูกค้าถามว่าเสียหรือเปล่า",
            ],
            [ProductionProcess]
        ),
        Pr::Roast => pb!(
            [
                "{p}รสชาติไม่เหมือนกันสักล็อต บางทีเปรี้ยวบางทีขมไหม้ ลูกค้าประจำเริ่มบ่น อยากรู้ว่าพลาดตรงไหน",
                "อยากทำ{p}ให้คุณภาพคงที่ ตอนนี้ตากเมล็ดกับคั่วกันเองตามความรู้สึก",
            ],
            [RawMaterial, ProductionProcess]
        ),
        Pr::SeedPurity => pb!(
            ["{p}ที่ขายให้สมาชิกโดนบ่นว่ามีพันธุ์อื่นปนมาเยอะ เอาไปหว่านก็งอกไม่ค่อยดี", "อยากให้{p}ของกลุ่มได้มาตรฐาน ความงอกดี ไม่มีพันธุ์ปน",],
            [RawMaterial]
        ),
        Pr::RawQuality => pb!(
            [
                "วัตถุดิบที่ใช้ทำ{p}คุณภาพไม่สม่ำเสมอ บางล็อตดีบางล็อตเน่าเสียเยอะ อยากรู้วิธีคัดและเก็บรักษา",
                "ปีนี้ผลผลิตราคาตก เก็บไว้รอทำ{p}ก็เน่าไปเกือบครึ่ง",
            ],
            [RawMaterial]
        ),
        Pr::Pesticide => pb!(
            [
                "ลูกค้าถามตลอดว่า{p}ปลอดสารจริงมั้ย อยากมีใบรับรองให้ลูกค้ามั่นใจ",
                "ห้างอยากรับ{p}ไปขาย แต่ขอใบรับรอง GAP หรืออินทรีย์ ไม่รู้ต้องเริ่มตรงไหน",
            ],
            [RawMaterial, Standards]
        ),
        Pr::Fda => pb!(
            [
                "ร้านของฝากอยากรับ{p}ไปวาง แต่ขอเลข อย. ไม่รู้จะเริ่มยังไง ครัวก็เป็นครัวที่บ้านธรรมดาๆ",
                "อยากได้ อย. ให้{p} จะได้ส่งเข้าร้านสะดวกซื้อ ต้องปรับสถานที่ผลิตยังไงบ้าง",
            ],
            [Standards]
        ),
        Pr::Tcps => pb!(
            [
                "อยากขอ มผช. ให้{p} เพื่อส่งเข้าคัดสรรดาวปีหน้า ต้องเตรียมเอกสารกับส่งตรวจอะไรบ้าง",
                "พัฒนากรแนะนำให้ทำ{p}ให้ได้มาตรฐานผลิตภัณฑ์ชุมชนก่อน แต่ยังไม่รู้ว่าต้องยื่นที่ไหน",
            ],
            [Standards]
        ),
        Pr::Halal => pb!(
            ["อยากส่ง{p}ไปขายมาเลเซีย ต้องมีฮาลาลใช่มั้ย ต้องยื่นที่ไหน", "ลูกค้ามุสลิมถามหาเครื่องหมายฮาลาลบน{p} อยากขอให้ถูกต้อง",],
            [Standards, Marketing]
        ),
        Pr::Pack => pb!(
            [
                "{p}ยังใส่ถุงพลาสติกใสรัดหนังยาง ลูกค้าบอกไม่น่าซื้อเป็นของฝาก อยากได้แพ็กเกจสวยๆ ที่ไม่แพงมาก",
                "อยากเปลี่ยนบรรจุภัณฑ์{p}ให้ดูพรีเมียม มีฉลากบอกข้อมูลครบ ไม่รู้จะหาคนออกแบบที่ไหน",
            ],
            [Packaging]
        ),
        Pr::Machine => pb!(
            [
                "ออร์เดอร์{p}เพิ่มขึ้นเรื่อยๆ ทำมือไม่ทันแล้ว อยากได้เครื่องช่วยผลิตแต่ไม่รู้จะเลือกแบบไหนดี",
                "ต้องการเครื่องอบ{p}ที่คุมอุณหภูมิได้ ตอนนี้ใช้เตาถ่าน ของออกมาไม่เท่ากัน",
            ],
            [Machinery]
        ),
        Pr::Capital => pb!(
            [
                "อยากกู้เงินมาซื้อเครื่องจักรขยายการผลิต{p} แต่ไม่มีหลักทรัพย์ค้ำ ต้องไปกู้ที่ไหนได้บ้าง",
                "ไม่มีทุนหมุนเวียนซื้อวัตถุดิบช่วงหน้าผลผลิต ต้องกู้นอกระบบ ดอกแพงมาก",
                "กลุ่มจดเป็นวิสาหกิจชุมชนแล้ว อยากขยายโรงเรือน ต้องใช้เงินหลายแสน จะกู้ที่ไหนดอกเบี้ยถูกๆ",
            ],
            [Finance]
        ),
        Pr::Sales => pb!(
            [
                "{p}ขายไม่ออก ขายได้แค่ในหมู่บ้านกับงานวัด อยากขายออนไลน์แต่ไม่เป็นเลย",
                "อยากขาย{p}ทางเน็ต เปิดร้านใน Shopee หรือ TikTok ยังไงดี ถ่ายรูปก็ไม่สวย",
            ],
            [Marketing]
        ),
        Pr::Export => pb!(["มีลูกค้าต่างประเทศสนใจ{p} แต่ไม่รู้เรื่องเอกสารส่งออกกับการตั้งราคาเลย"], [Marketing]),
        Pr::NewProduct => pb!(["อยากเอา{p}มาแปรรูปเป็นของใหม่ที่เก็บได้นานขึ้นและขายได้ราคาดีกว่าเดิม"], [ProductInnovation]),
        Pr::Fade => pb!(
            [
                "{p}ซักครั้งแรกสีตกใส่ผ้าผืนอื่นหมด ลูกค้าส่งคืน อายมาก อยากให้สีติดแน่นกว่านี้",
                "{p}ย้อมสีธรรมชาติ ตากแดดไม่นานสีซีด ลูกค้าบ่นว่าไม่คุ้มราคา",
            ],
            [ProductionProcess]
        ),
        Pr::OldDesign => pb!(
            [
                "{p}ทำลายเดิมๆ มาหลายสิบปี เด็กรุ่นใหม่ไม่ซื้อเลย อยากได้แบบที่ทันสมัยแต่ยังมีเอกลักษณ์",
                "อยากเอา{p}มาทำเป็นของใช้ให้คนรุ่นใหม่ เช่น กระเป๋าหรือของแต่งบ้าน แต่คิดแบบไม่ออก",
            ],
            [ProductInnovation, Marketing]
        ),
        Pr::Coarse => pb!(
            ["เส้นใยที่ใช้ทำ{p}หยาบ ใส่แล้วคัน ลูกค้าลองแล้ววางคืน มีวิธีทำให้นุ่มขึ้นมั้ย", "{p}ซักแล้วหดและยับง่าย ลูกค้าบ่นว่าดูแลยาก",],
            [RawMaterial, ProductionProcess]
        ),
        Pr::Loom => pb!(["กี่ทอผ้าเก่ามากแล้ว อยากได้กี่ใหม่ทอ{p}ให้เร็วขึ้น แต่กลุ่มไม่มีเงินซื้อ"], [Machinery, Finance]),
        Pr::Craze => pb!(
            [
                "{p}ลูกค้าใช้ไปไม่กี่เดือนผิวเคลือบมีรอยแตกเป็นเส้นเล็กๆ เต็มไปหมดเหมือนใยแมงมุม โดนตีกลับหลายล็อต",
                "เคลือบ{p}หลุดล่อนเป็นจุดๆ หลังเผา เสียของไปเยอะทุกเตา",
            ],
            [RawMaterial, ProductionProcess]
        ),
        Pr::KilnCrack => {
            pb!(["เวลาเผา{p}ชิ้นใหญ่ๆ แตกร้าวในเตาบ่อยมาก เสียไปรอบละหลายชิ้น ทั้งเสียดินทั้งเสียค่าแก๊ส"], [ProductionProcess])
        }
        Pr::Lead => pb!(["ลูกค้าต่างประเทศขอผลตรวจตะกั่วของ{p} ต้องส่งตรวจที่ไหน ใช้เวลากี่วัน"], [Standards]),
        Pr::Tarnish => pb!(["ลูกค้าบ่นว่าใช้{p}ไม่นานก็หมองดำ อยากมีวิธีเคลือบกันหมองที่ไม่แพง"], [ProductionProcess]),
        Pr::WoodMould => pb!(
            ["{p}เก็บไว้หน้าฝนขึ้นราเป็นจุดดำๆ บางชิ้นมีมอดกิน ต้องทิ้งไปเยอะ", "ส่ง{p}ไปขายต่างจังหวัด ถึงมือลูกค้าแล้วขึ้นราเพราะความชื้น",],
            [ProductionProcess]
        ),
        Pr::Waste => pb!(
            ["มีเศษวัสดุเหลือทิ้งจากการทำ{p}เยอะมาก ชาวบ้านเอาไปเผาทิ้ง อยากเอามาทำเป็นของที่ขายได้"],
            [RawMaterial, ProductInnovation]
        ),
        Pr::ShipBreak => pb!(["ส่ง{p}ทางไปรษณีย์แตกเสียหายบ่อย ต้องส่งของใหม่ให้ลูกค้า อยากได้กล่องที่กันกระแทกดีๆ"], [Packaging]),
        Pr::RubberSticky => pb!(
            ["{p}ทำออกมาผิวเหนียวๆ กลิ่นยางแรงมาก ลูกค้าไม่กล้าซื้อ อยากรู้สูตรที่ถูกต้อง", "{p}ใช้ไปไม่นานก็ยุบตัว ไม่คืนรูป ลูกค้าขอเปลี่ยน",],
            [ProductInnovation, ProductionProcess]
        ),
        Pr::SoapSweat => pb!(
            [
                "{p}พอหน้าฝนอากาศชื้นก้อนมีหยดน้ำเยิ้มๆ ออกมา บางก้อนเป็นจุดส้มๆ ลูกค้าถามว่าเสียรึเปล่า",
                "{p}ทำออกมาแต่ละรอบเนื้อไม่เหมือนกัน บางรอบแข็งบางรอบเหลว",
            ],
            [ProductInnovation, ProductionProcess]
        ),
        Pr::Notify => pb!(["อยากส่ง{p}ไปวางร้านขายยาในเมือง เขาบอกต้องมีเลขจดแจ้งก่อน ต้องไปขอที่ไหน"], [Standards]),
        Pr::HerbMould => pb!(
            ["{p}เก็บไว้ซักพักมีมอดกับตัวหนอนเล็กๆ ในถุง ส่งตรวจเชื้อก็เกินเกณฑ์อีก", "{p}ตากแห้งแล้วแต่หน้าฝนขึ้นราทุกปี ไม่มีที่อบดีๆ",],
            [ProductionProcess, Standards]
        ),
        Pr::Scent => pb!(["กลิ่น{p}หายเร็ว เปิดใช้ไม่กี่ครั้งก็ไม่หอมแล้ว อยากให้กลิ่นติดทนขึ้น"], [ProductInnovation]),
        Pr::Trademark => {
            pb!(["มีคนเอาชื่อกับโลโก้{p}ของเราไปใช้ขายของเลียนแบบ อยากจดเครื่องหมายการค้าไว้"], [Standards, Marketing])
        }
        Pr::Wastewater => {
            pb!(["น้ำเสียจากการทำ{p}ไหลลงลำห้วย เพื่อนบ้านร้องเรียนเรื่องกลิ่น อยากทำบ่อบำบัดแบบง่ายๆ"], [ProductionProcess])
        }
    }
}

/// Problems any product of the category can have, on top of the product's own.
pub(crate) fn generic(c: Category) -> &'static [Pr] {
    match c {
        Category::Food => {
            &[Pr::Pack, Pr::Capital, Pr::Sales, Pr::Tcps, Pr::Machine, Pr::Export, Pr::NewProduct, Pr::Trademark]
        }
        Category::Beverage => &[Pr::Pack, Pr::Capital, Pr::Sales, Pr::Fda, Pr::Machine, Pr::Trademark],
        Category::Textile => &[Pr::Sales, Pr::Capital, Pr::Tcps, Pr::Loom, Pr::Wastewater, Pr::Trademark],
        Category::DecorSouvenir => &[Pr::Sales, Pr::Capital, Pr::Tcps, Pr::ShipBreak, Pr::Export],
        Category::HerbalNonFood => &[Pr::Sales, Pr::Pack, Pr::Capital, Pr::Tcps, Pr::Notify],
    }
}

/// Spoken endings people add; the empty one most often.
pub(crate) const ENDINGS: &[&str] =
    &["", "", "", "ค่ะ", " ค่ะ", "ครับ", " ครับ", " นะคะ", " จ้า", " ช่วยแนะนำด้วยค่ะ", " ขอบคุณครับ"];

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: &[Pr] = &[
        Pr::Mould,
        Pr::Rancid,
        Pr::ColdSpoil,
        Pr::Bloat,
        Pr::Sticky,
        Pr::Colour,
        Pr::Sour,
        Pr::Roast,
        Pr::SeedPurity,
        Pr::RawQuality,
        Pr::Pesticide,
        Pr::Fda,
        Pr::Tcps,
        Pr::Halal,
        Pr::Pack,
        Pr::Machine,
        Pr::Capital,
        Pr::Sales,
        Pr::Export,
        Pr::NewProduct,
        Pr::Fade,
        Pr::OldDesign,
        Pr::Coarse,
        Pr::Loom,
        Pr::Craze,
        Pr::KilnCrack,
        Pr::Lead,
        Pr::Tarnish,
        Pr::WoodMould,
        Pr::Waste,
        Pr::ShipBreak,
        Pr::RubberSticky,
        Pr::SoapSweat,
        Pr::Notify,
        Pr::HerbMould,
        Pr::Scent,
        Pr::Trademark,
        Pr::Wastewater,
    ];

    #[test]
    fn every_problem_has_text_and_sorted_stages() {
        for p in ALL {
            let pb = problem(*p);
            assert!(!pb.texts.is_empty(), "{p:?}");
            assert!(!pb.stages.is_empty(), "{p:?}");
            assert!(pb.stages.is_sorted(), "{p:?} stages must be in Stage order");
            for t in pb.texts {
                assert!(t.chars().count() >= 20, "{p:?}: {t}");
                assert!(!t.contains("เเ"), "{p:?}: typos are added by the generator, not stored");
            }
        }
    }
}
