//! The budget as a double-entry ledger in satang. Every movement is a set of postings that
//! sums to zero; money only moves between accounts, so no baht is created or lost. Each
//! holder of budget (the nation, a region, a province, optionally a provider) has an
//! account per stage of the money: available → committed (coupon approved) → payable
//! (delivery accepted) → paid; a cancellation releases a commitment back to available.
//! The round's `source` account is where the appropriation comes from; it is the only one
//! that goes below zero (by the amount appropriated).

use otop_geo::{Region, geography};
use serde::Serialize;

use super::Refusal;
use crate::codes::vocabulary;
use crate::ids::Satang;

vocabulary! {
    AccountKind, "ประเภทบัญชี", "account kind" {
        Source => "source", "งบประมาณที่ได้รับ", "Appropriation";
        Available => "available", "วงเงินคงเหลือ", "Available";
        Committed => "committed", "ผูกพันแล้ว", "Committed";
        Payable => "payable", "ค้างจ่าย", "Payable";
        Paid => "paid", "จ่ายแล้ว", "Paid";
    }
}

vocabulary! {
    MovementKind, "รายการเคลื่อนไหว", "movement" {
        Fund => "fund", "รับงบประมาณ", "Appropriation";
        Allocate => "allocate", "จัดสรรวงเงิน", "Allocation";
        Commit => "commit", "ผูกพันงบ (อนุมัติคูปอง)", "Commitment (coupon approved)";
        MakePayable => "payable", "ตั้งค้างจ่าย (รับมอบงาน)", "Payable (delivery accepted)";
        Pay => "pay", "จ่ายเงิน", "Payment";
        Release => "release", "คืนวงเงิน (ยกเลิก)", "Release (cancelled)";
    }
}

/// Who holds an account's money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "level", content = "id", rename_all = "snake_case")]
pub enum Holder {
    National,
    Region(Region),
    Province(u8),
    Provider(i64),
}

impl Holder {
    /// Stable text for the account's key: `national`, `region:north`, `province:51`, `provider:3`.
    pub fn key(self) -> String {
        match self {
            Holder::National => "national".into(),
            Holder::Region(r) => format!("region:{}", r.code()),
            Holder::Province(p) => format!("province:{p}"),
            Holder::Provider(id) => format!("provider:{id}"),
        }
    }

    pub fn parse_key(s: &str) -> Option<Self> {
        match s.split_once(':') {
            None if s == "national" => Some(Holder::National),
            Some(("region", r)) => Region::parse(r).map(Holder::Region),
            Some(("province", p)) => {
                p.parse().ok().filter(|p| geography().province(*p).is_some()).map(Holder::Province)
            }
            Some(("provider", id)) => id.parse().ok().map(Holder::Provider),
            _ => None,
        }
    }

    /// The holder budget is allocated from: nation → region → province, nation → provider.
    pub fn parent(self) -> Option<Holder> {
        match self {
            Holder::National => None,
            Holder::Region(_) | Holder::Provider(_) => Some(Holder::National),
            Holder::Province(p) => geography().province(p).map(|p| Holder::Region(p.region)),
        }
    }

    pub fn name_th(self) -> String {
        match self {
            Holder::National => "ส่วนกลาง".into(),
            Holder::Region(r) => r.name_th().into(),
            Holder::Province(p) => {
                geography().province(p).map_or_else(|| p.to_string(), |p| format!("จ.{}", p.name_th))
            }
            Holder::Provider(id) => format!("ผู้ให้บริการ #{id}"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct AccountKey {
    pub kind: AccountKind,
    pub holder: Holder,
}

impl AccountKey {
    pub fn new(kind: AccountKind, holder: Holder) -> Self {
        Self { kind, holder }
    }

    /// `available:province:51`
    pub fn key(self) -> String {
        format!("{}:{}", self.kind.code(), self.holder.key())
    }

    /// Whether a balance is allowed: only the source may go below zero.
    pub fn allows(self, balance: i64) -> bool {
        self.kind == AccountKind::Source || balance >= 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Posting {
    pub account: AccountKey,
    /// Satang; positive adds to the account's balance.
    pub amount: i64,
}

/// One balanced transaction: what moves where, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Movement {
    pub kind: MovementKind,
    pub postings: Vec<Posting>,
}

impl Movement {
    fn transfer(kind: MovementKind, from: AccountKey, to: AccountKey, amount: Satang) -> Result<Self, Refusal> {
        if amount.0 <= 0 {
            return Err(Refusal::new(
                "ledger.amount",
                "จำนวนเงินต้องมากกว่า 0 บาท",
                "The amount must be more than 0 baht",
            ));
        }
        Ok(Self {
            kind,
            postings: vec![Posting { account: from, amount: -amount.0 }, Posting { account: to, amount: amount.0 }],
        })
    }

    /// The round's appropriation reaches the national account.
    pub fn fund(amount: Satang) -> Result<Self, Refusal> {
        Self::transfer(
            MovementKind::Fund,
            AccountKey::new(AccountKind::Source, Holder::National),
            AccountKey::new(AccountKind::Available, Holder::National),
            amount,
        )
    }

    /// Budget passed down the tree (nation → region → province, nation → provider), or
    /// handed back up it.
    pub fn allocate(from: Holder, to: Holder, amount: Satang) -> Result<Self, Refusal> {
        if to.parent() != Some(from) && from.parent() != Some(to) {
            return Err(Refusal::new(
                "ledger.not_adjacent",
                "จัดสรรได้เฉพาะตามลำดับ ส่วนกลาง → ภาค → จังหวัด หรือ ส่วนกลาง → ผู้ให้บริการ (และคืนในทางกลับกัน)",
                "Budget moves only national → region → province or national → provider (and back the same way)",
            ));
        }
        Self::transfer(
            MovementKind::Allocate,
            AccountKey::new(AccountKind::Available, from),
            AccountKey::new(AccountKind::Available, to),
            amount,
        )
    }

    pub fn commit(holder: Holder, amount: Satang) -> Result<Self, Refusal> {
        Self::step(MovementKind::Commit, AccountKind::Available, AccountKind::Committed, holder, amount)
    }

    pub fn make_payable(holder: Holder, amount: Satang) -> Result<Self, Refusal> {
        Self::step(MovementKind::MakePayable, AccountKind::Committed, AccountKind::Payable, holder, amount)
    }

    pub fn pay(holder: Holder, amount: Satang) -> Result<Self, Refusal> {
        Self::step(MovementKind::Pay, AccountKind::Payable, AccountKind::Paid, holder, amount)
    }

    pub fn release(holder: Holder, amount: Satang) -> Result<Self, Refusal> {
        Self::step(MovementKind::Release, AccountKind::Committed, AccountKind::Available, holder, amount)
    }

    fn step(
        kind: MovementKind,
        from: AccountKind,
        to: AccountKind,
        holder: Holder,
        amount: Satang,
    ) -> Result<Self, Refusal> {
        Self::transfer(kind, AccountKey::new(from, holder), AccountKey::new(to, holder), amount)
    }

    pub fn is_balanced(&self) -> bool {
        self.postings.iter().map(|p| i128::from(p.amount)).sum::<i128>() == 0
    }
}

/// The message when a posting would take an account below zero.
pub fn insufficient(account: AccountKey, balance: Satang, wanted: Satang) -> Refusal {
    Refusal::new(
        "ledger.insufficient",
        format!(
            "วงเงิน{}ของ{}ไม่พอ: เหลือ {} บาท แต่ต้องใช้ {} บาท",
            account.kind.name_th(),
            account.holder.name_th(),
            balance.baht_display(),
            wanted.baht_display()
        ),
        format!(
            "Not enough {} budget for {}: {} baht left, {} baht needed",
            account.kind.code(),
            account.holder.key(),
            balance.baht_display(),
            wanted.baht_display()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_movement_balances() {
        let a = Satang::from_baht(15_000);
        let lamphun = Holder::Province(51);
        for m in [
            Movement::fund(a),
            Movement::allocate(Holder::National, Holder::Region(Region::North), a),
            Movement::allocate(Holder::Region(Region::North), lamphun, a),
            Movement::allocate(lamphun, Holder::Region(Region::North), a),
            Movement::allocate(Holder::National, Holder::Provider(3), a),
            Movement::commit(lamphun, a),
            Movement::make_payable(lamphun, a),
            Movement::pay(lamphun, a),
            Movement::release(lamphun, a),
        ] {
            let m = m.unwrap();
            assert!(m.is_balanced(), "{m:?}");
            assert_eq!(m.postings.len(), 2);
        }
    }

    #[test]
    fn budget_follows_the_tree_and_amounts_are_positive() {
        let skip = Movement::allocate(Holder::National, Holder::Province(51), Satang(100)).unwrap_err();
        assert_eq!(skip.code, "ledger.not_adjacent");
        let wrong_region = Movement::allocate(Holder::Region(Region::South), Holder::Province(51), Satang(100));
        assert_eq!(wrong_region.unwrap_err().code, "ledger.not_adjacent");
        assert_eq!(Movement::commit(Holder::Province(51), Satang(0)).unwrap_err().code, "ledger.amount");
    }

    #[test]
    fn keys_round_trip_and_only_the_source_goes_negative() {
        for h in [Holder::National, Holder::Region(Region::Northeast), Holder::Province(51), Holder::Provider(12)] {
            assert_eq!(Holder::parse_key(&h.key()), Some(h));
        }
        assert_eq!(Holder::parse_key("province:99"), None);
        assert!(AccountKey::new(AccountKind::Source, Holder::National).allows(-5));
        assert!(!AccountKey::new(AccountKind::Available, Holder::National).allows(-5));
        let msg = insufficient(AccountKey::new(AccountKind::Available, Holder::Province(51)), Satang(0), Satang(100));
        assert!(msg.message.th.contains("ลำพูน"), "{}", msg.message.th);
    }
}
