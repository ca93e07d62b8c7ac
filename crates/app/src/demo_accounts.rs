//! A demo account for every role (DESIGN.md §2), so that each part of the product can be
//! tried at once: `serve` prints them. The shared password is for demo databases only.

use otop_domain::access::{NewAccount, SignInName};
use otop_domain::{Agency, Role};
use otop_geo::Region;
use otop_store::accounts::AccountStatus;
use otop_store::enterprises::EnterpriseFilter;
use otop_store::{Actor, Store, StoreError};

use crate::auth::hash_password;

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "otop-demo-2569";

/// Lamphun: the demo's provincial officer and entrepreneur are there (DESIGN.md §6).
const LAMPHUN: u8 = 51;

pub struct DemoSignIn {
    pub role: Role,
    pub sign_in: &'static str,
    pub name: &'static str,
}

pub const DEMO_SIGN_INS: &[DemoSignIn] = &[
    DemoSignIn {
        role: Role::Entrepreneur, sign_in: "producer@demo.otop.example", name: "ศรีนวล ใจดี"
    },
    DemoSignIn {
        role: Role::ProviderStaff, sign_in: "provider@demo.otop.example", name: "ธนพล วิจัยดี"
    },
    DemoSignIn {
        role: Role::ProvincialOfficer, sign_in: "lamphun@demo.otop.example", name: "สมชาย รักถิ่น"
    },
    DemoSignIn {
        role: Role::RegionalOfficer, sign_in: "north@demo.otop.example", name: "วรรณา เหนือสุด"
    },
    DemoSignIn {
        role: Role::NationalOfficer, sign_in: "national@demo.otop.example", name: "ประเสริฐ ส่วนกลาง"
    },
    DemoSignIn {
        role: Role::PartnerOfficer, sign_in: "partner@demo.otop.example", name: "กมลา ส่งเสริม"
    },
    DemoSignIn {
        role: Role::Admin, sign_in: "admin@demo.otop.example", name: "ผู้ดูแลระบบ (ตัวอย่าง)"
    },
];

/// Creates the demo accounts with their scopes, links the entrepreneur to a Lamphun
/// enterprise, has the partner department nominate some enterprises, and leaves one
/// entrepreneur waiting for the Lamphun officer's verification.
pub async fn load_accounts(store: &Store) -> Result<(), StoreError> {
    let actor = Actor::new("demo");
    let hash = hash_password(DEMO_PASSWORD);
    let lamphun = store
        .enterprises(&EnterpriseFilter {
            scope: otop_domain::access::EnterpriseScope::All,
            province_code: Some(LAMPHUN),
            limit: 1,
            ..Default::default()
        })
        .await?;
    let providers = store.providers(None).await?;
    let provider = providers.iter().find(|p| p.data.short_name == "วว.").or(providers.first()).map(|p| p.id);
    for d in DEMO_SIGN_INS {
        let sign_in = SignInName::parse("sign_in", d.sign_in).expect("demo sign-ins are valid");
        let account = NewAccount {
            name: d.name.into(),
            sign_in,
            role: d.role,
            provinces: if matches!(d.role, Role::ProvincialOfficer | Role::Entrepreneur) {
                vec![LAMPHUN]
            } else {
                vec![]
            },
            region: (d.role == Role::RegionalOfficer).then_some(Region::North),
            provider_id: provider.filter(|_| d.role == Role::ProviderStaff),
            provider_manager: d.role == Role::ProviderStaff,
            agency: (d.role == Role::PartnerOfficer).then_some(Agency::Dip),
        };
        let id = store.create_account(&actor, &account).await?;
        store.set_password(&actor, id, &hash).await?;
        if d.role == Role::Entrepreneur
            && let Some(e) = lamphun.items.first()
        {
            store.add_member(&actor, e.id, id).await?;
        }
    }
    let all = store
        .enterprises(&EnterpriseFilter {
            scope: otop_domain::access::EnterpriseScope::All,
            limit: 1000,
            ..Default::default()
        })
        .await?;
    for e in all.items.iter().step_by(20) {
        store.nominate(&actor, e.id, Agency::Dip).await?;
    }
    let waiting = NewAccount {
        name: "บุญมี ขยันทำ".into(),
        sign_in: SignInName::parse("sign_in", "080-000-0008").expect("valid"),
        role: Role::Entrepreneur,
        provinces: vec![LAMPHUN],
        region: None,
        provider_id: None,
        provider_manager: false,
        agency: None,
    };
    let id = store.create_account(&actor, &waiting).await?;
    store.set_account_status(&actor, id, AccountStatus::Pending).await?;
    Ok(())
}
