//! Who may take which step of the workflow (DESIGN.md §4.3) on which case. A case is a
//! need with its referral, coupon and project: it belongs to one enterprise (whose scope
//! decides for officers, members and partners) and, once referred, to one provider.

use otop_geo::geography;

use super::{EnterpriseFacts, EnterpriseScope, Permission, Principal};
use crate::codes::Role;
use crate::workflow::Holder;

/// What the policy needs to know about one case.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CaseFacts {
    pub enterprise: EnterpriseFacts,
    /// The provider of the referred service, once there is one.
    pub provider_id: Option<i64>,
}

impl Principal {
    fn is_member(&self, e: &EnterpriseFacts) -> bool {
        self.role == Role::Entrepreneur && self.enterprise_scope().covers(e)
    }

    fn is_officer_over(&self, e: &EnterpriseFacts) -> bool {
        matches!(self.role, Role::ProvincialOfficer | Role::RegionalOfficer | Role::NationalOfficer)
            && self.enterprise_scope().covers(e)
    }

    fn is_staff_of(&self, provider_id: Option<i64>) -> bool {
        self.role == Role::ProviderStaff && provider_id.is_some() && self.provider_id == provider_id
    }

    /// Reading a case: whoever may see the enterprise, and the provider it was referred to.
    pub fn may_see_case(&self, c: &CaseFacts) -> bool {
        self.enterprise_scope().covers(&c.enterprise) || self.is_staff_of(c.provider_id)
    }

    /// Officers over the enterprise refer; its members do too when the round allows it.
    pub fn may_refer(&self, e: &EnterpriseFacts, entrepreneurs_may_refer: bool) -> bool {
        self.may(Permission::Refer) && (self.is_officer_over(e) || (entrepreneurs_may_refer && self.is_member(e)))
    }

    /// Answering a referral, milestones, deliverables, the delivery report, the claim.
    pub fn may_deliver(&self, c: &CaseFacts) -> bool {
        self.may(Permission::DeliverServices) && self.is_staff_of(c.provider_id)
    }

    pub fn may_apply_coupon(&self, e: &EnterpriseFacts) -> bool {
        self.may(Permission::ApplyCoupons) && (self.is_member(e) || self.is_officer_over(e))
    }

    /// Screening, approving, rejecting coupons and approving payment claims.
    pub fn may_decide_coupon(&self, e: &EnterpriseFacts) -> bool {
        self.may(Permission::DecideCoupons) && self.is_officer_over(e)
    }

    /// The entrepreneur confirms the work; a provincial officer may do it on their behalf
    /// (a producer without a phone, confirmed at the office).
    pub fn may_confirm_delivery(&self, e: &EnterpriseFacts) -> bool {
        self.may(Permission::ConfirmDelivery)
            && (self.is_member(e) || (self.role == Role::ProvincialOfficer && self.is_officer_over(e)))
    }

    pub fn may_record_outcome(&self, e: &EnterpriseFacts) -> bool {
        self.may(Permission::RecordOutcomes) && (self.is_member(e) || self.is_officer_over(e))
    }

    /// Withdrawing a referral or cancelling a coupon or project: the officers over the case.
    pub fn may_cancel_case(&self, e: &EnterpriseFacts) -> bool {
        self.is_officer_over(e)
    }

    /// The budget accounts an officer may read: national sees all; a region its own and its
    /// provinces'; a province its own.
    pub fn may_view_budget_of(&self, h: Holder) -> bool {
        if !self.may(Permission::ViewLedger) {
            return false;
        }
        if self.enterprise_scope() == EnterpriseScope::All {
            return true;
        }
        match h {
            Holder::Province(p) => self.officer_provinces().contains(&p),
            Holder::Region(r) => self.role == Role::RegionalOfficer && self.region == Some(r),
            Holder::National | Holder::Provider(_) => false,
        }
    }

    /// Moving budget between two holders: national officers anywhere on the tree, regional
    /// officers between their region and its provinces.
    pub fn may_allocate(&self, from: Holder, to: Holder) -> bool {
        if !self.may(Permission::AllocateBudget) {
            return false;
        }
        match self.role {
            Role::NationalOfficer => true,
            Role::RegionalOfficer => {
                let own = |h: Holder| match h {
                    Holder::Region(r) => self.region == Some(r),
                    Holder::Province(p) => geography().province(p).is_some_and(|p| Some(p.region) == self.region),
                    _ => false,
                };
                own(from) && own(to)
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use otop_geo::Region;

    use super::*;

    fn principal(role: Role) -> Principal {
        crate::access::policy::test_principal(role)
    }

    fn case(province: u8, members: &[i64], provider: Option<i64>) -> CaseFacts {
        CaseFacts {
            enterprise: EnterpriseFacts { province_code: province, members: members.to_vec(), nominated_by: vec![] },
            provider_id: provider,
        }
    }

    #[test]
    fn each_step_belongs_to_its_actor_and_scope() {
        let lamphun = case(51, &[7], Some(3));
        let songkhla = case(90, &[], Some(4));
        let officer = principal(Role::ProvincialOfficer);
        assert!(officer.may_refer(&lamphun.enterprise, false));
        assert!(officer.may_decide_coupon(&lamphun.enterprise));
        assert!(!officer.may_decide_coupon(&songkhla.enterprise), "another province");
        assert!(!officer.may_deliver(&lamphun));

        let owner = principal(Role::Entrepreneur);
        assert!(!owner.may_refer(&lamphun.enterprise, false));
        assert!(owner.may_refer(&lamphun.enterprise, true));
        assert!(owner.may_apply_coupon(&lamphun.enterprise) && owner.may_confirm_delivery(&lamphun.enterprise));
        assert!(!owner.may_decide_coupon(&lamphun.enterprise), "no one approves their own coupon");

        let staff = principal(Role::ProviderStaff);
        assert!(staff.may_see_case(&lamphun) && staff.may_deliver(&lamphun));
        assert!(!staff.may_see_case(&songkhla) && !staff.may_deliver(&songkhla));
        assert!(!staff.may_see_case(&case(51, &[], None)), "not referred to them");

        let admin = principal(Role::Admin);
        assert!(admin.may_see_case(&songkhla));
        assert!(!admin.may_decide_coupon(&songkhla.enterprise), "administrators do not approve money");
        assert!(principal(Role::NationalOfficer).may_decide_coupon(&songkhla.enterprise));
        assert!(!principal(Role::PartnerOfficer).may_refer(&lamphun.enterprise, true));
    }

    #[test]
    fn budget_rights_follow_the_tree() {
        let north = Holder::Region(Region::North);
        let reg = principal(Role::RegionalOfficer);
        assert!(reg.may_allocate(north, Holder::Province(51)));
        assert!(!reg.may_allocate(Holder::National, north));
        assert!(!reg.may_allocate(Holder::Region(Region::South), Holder::Province(90)));
        assert!(principal(Role::NationalOfficer).may_allocate(Holder::National, north));
        assert!(!principal(Role::ProvincialOfficer).may_allocate(north, Holder::Province(51)));

        let prov = principal(Role::ProvincialOfficer);
        assert!(prov.may_view_budget_of(Holder::Province(51)));
        assert!(!prov.may_view_budget_of(Holder::Province(50)) && !prov.may_view_budget_of(north));
        assert!(reg.may_view_budget_of(Holder::Province(50)) && reg.may_view_budget_of(north));
        assert!(!principal(Role::Entrepreneur).may_view_budget_of(Holder::Province(51)));
    }
}
