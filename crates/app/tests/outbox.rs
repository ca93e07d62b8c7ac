//! The outbox handed to a real command, on SQLite and PostgreSQL.

use otop_app::outbox::{CommandSender, deliver_pending};
use otop_domain::Role;
use otop_domain::access::{NewAccount, SignInName};
use otop_store::testing::TempDir;
use otop_store::{Actor, Store, test_both_backends};

test_both_backends!(a_configured_command_delivers_links_and_failures_stay_pending, |store: Store| async move {
    let dir = TempDir::new("otop-outbox");
    let account = NewAccount {
        name: "สมชาย รักถิ่น".into(),
        sign_in: SignInName::parse("s", "somchai@test.otop.example").unwrap(),
        role: Role::NationalOfficer,
        provinces: vec![],
        region: None,
        provider_id: None,
        provider_manager: false,
        agency: None,
    };
    let (_, link) =
        otop_app::auth::invite(&store, &Actor::new("t"), &account, "https://otop.example.go.th").await.unwrap();
    // A command that fails leaves the message for the next round.
    let failing = CommandSender::parse("false").unwrap();
    assert_eq!(deliver_pending(&store, &failing).await.unwrap(), 0);
    assert_eq!(store.pending_messages().await.unwrap().len(), 1);
    let file = dir.0.join("mail.txt");
    let sender = CommandSender::parse(&format!("tee -a {}", file.display())).unwrap();
    assert_eq!(deliver_pending(&store, &sender).await.unwrap(), 1);
    assert!(store.pending_messages().await.unwrap().is_empty());
    let mail = std::fs::read_to_string(&file).unwrap();
    assert!(mail.starts_with("To: somchai@test.otop.example\nSubject: "), "{mail}");
    assert!(mail.contains(&link), "{mail}");
    assert_eq!(deliver_pending(&store, &sender).await.unwrap(), 0, "sent once only");
});
