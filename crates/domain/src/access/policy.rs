//! The one policy: what a role may do at all ([`Permission`]) and which records it may do it
//! to ([`EnterpriseScope`], provider ownership). Pages, API calls, exports and downloads all
//! ask here; lists are filtered by the same scope in the query.

use otop_geo::{Region, geography};

use crate::codes::{Agency, Role};

/// Who is acting: an account signed in with a session, or an API token. Built by the store
/// from the account's (or token's) row, so it is as fresh as the request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// The account, or `None` for an API token.
    pub account_id: Option<i64>,
    /// The API token, when the request carried one.
    pub token_id: Option<i64>,
    /// For the audit log and the page header.
    pub name: String,
    pub role: Role,
    /// Provincial officers: their provinces. Entrepreneurs: the province they signed up in.
    pub provinces: Vec<u8>,
    /// Regional officers: their region.
    pub region: Option<Region>,
    /// Provider staff: their provider.
    pub provider_id: Option<i64>,
    /// Provider staff who manage their provider (edit it, invite colleagues).
    pub provider_manager: bool,
    /// Partner officers: the department whose nominations they follow.
    pub agency: Option<Agency>,
}

/// What a role may do at all; whether it may do it to a given record is the scope's question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Permission {
    ViewEnterprises,
    CreateEnterprises,
    EditEnterprises,
    EditServices,
    CreateProviders,
    EditProviders,
    ImportEnterprises,
    Export,
    VerifyEntrepreneurs,
    Nominate,
    ViewAudit,
    ManageAccounts,
    ManageApiTokens,
    InviteProviderStaff,
    HandleDataRequests,
    /// Refer needs to services (officers; entrepreneurs only where a round allows it).
    Refer,
    /// Answer referrals, run the project, claim payment: provider staff for their provider.
    DeliverServices,
    ApplyCoupons,
    /// Screen, approve and reject coupons and approve payment claims, within scope.
    DecideCoupons,
    ConfirmDelivery,
    RecordOutcomes,
    ManageRounds,
    AllocateBudget,
    ViewLedger,
}

impl Permission {
    pub const ALL: &'static [Permission] = &[
        Permission::ViewEnterprises,
        Permission::CreateEnterprises,
        Permission::EditEnterprises,
        Permission::EditServices,
        Permission::CreateProviders,
        Permission::EditProviders,
        Permission::ImportEnterprises,
        Permission::Export,
        Permission::VerifyEntrepreneurs,
        Permission::Nominate,
        Permission::ViewAudit,
        Permission::ManageAccounts,
        Permission::ManageApiTokens,
        Permission::InviteProviderStaff,
        Permission::HandleDataRequests,
        Permission::Refer,
        Permission::DeliverServices,
        Permission::ApplyCoupons,
        Permission::DecideCoupons,
        Permission::ConfirmDelivery,
        Permission::RecordOutcomes,
        Permission::ManageRounds,
        Permission::AllocateBudget,
        Permission::ViewLedger,
    ];
}

/// Which enterprises a principal may see; the store writes it as a WHERE clause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EnterpriseScope {
    All,
    Provinces(Vec<u8>),
    /// The enterprises this account is a member of.
    MemberOf(i64),
    /// The enterprises this department nominated.
    NominatedBy(Agency),
    Nothing,
}

/// What the scope needs to know about one enterprise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EnterpriseFacts {
    pub province_code: u8,
    pub members: Vec<i64>,
    pub nominated_by: Vec<Agency>,
}

impl EnterpriseScope {
    pub fn covers(&self, e: &EnterpriseFacts) -> bool {
        match self {
            EnterpriseScope::All => true,
            EnterpriseScope::Provinces(ps) => ps.contains(&e.province_code),
            EnterpriseScope::MemberOf(a) => e.members.contains(a),
            EnterpriseScope::NominatedBy(g) => e.nominated_by.contains(g),
            EnterpriseScope::Nothing => false,
        }
    }
}

impl Principal {
    pub fn may(&self, p: Permission) -> bool {
        use Permission::*;
        use Role::*;
        let r = self.role;
        match p {
            ViewEnterprises => r != ProviderStaff,
            CreateEnterprises => r != ProviderStaff,
            EditEnterprises => {
                matches!(r, Entrepreneur | ProvincialOfficer | RegionalOfficer | NationalOfficer | Admin)
            }
            EditServices => matches!(r, ProviderStaff | NationalOfficer | Admin),
            CreateProviders => matches!(r, NationalOfficer | Admin),
            EditProviders | InviteProviderStaff => {
                matches!(r, NationalOfficer | Admin) || (r == ProviderStaff && self.provider_manager)
            }
            ImportEnterprises | VerifyEntrepreneurs => {
                matches!(r, ProvincialOfficer | RegionalOfficer | NationalOfficer | Admin)
            }
            Export => matches!(r, ProvincialOfficer | RegionalOfficer | NationalOfficer | PartnerOfficer | Admin),
            Nominate => r == PartnerOfficer,
            ViewAudit => matches!(r, NationalOfficer | Admin),
            ManageAccounts | ManageApiTokens | HandleDataRequests => r == Admin,
            Refer => matches!(r, Entrepreneur | ProvincialOfficer | RegionalOfficer | NationalOfficer),
            DeliverServices => r == ProviderStaff,
            ApplyCoupons | ConfirmDelivery | RecordOutcomes => {
                matches!(r, Entrepreneur | ProvincialOfficer | RegionalOfficer | NationalOfficer)
            }
            // Money decisions stay with programme officers; administrators run the system.
            DecideCoupons => matches!(r, ProvincialOfficer | RegionalOfficer | NationalOfficer),
            ManageRounds => r == NationalOfficer,
            AllocateBudget => matches!(r, RegionalOfficer | NationalOfficer),
            ViewLedger => matches!(r, ProvincialOfficer | RegionalOfficer | NationalOfficer | Admin),
        }
    }

    pub fn enterprise_scope(&self) -> EnterpriseScope {
        match self.role {
            Role::NationalOfficer | Role::Admin => EnterpriseScope::All,
            Role::ProvincialOfficer | Role::RegionalOfficer => EnterpriseScope::Provinces(self.officer_provinces()),
            Role::Entrepreneur => self.account_id.map_or(EnterpriseScope::Nothing, EnterpriseScope::MemberOf),
            Role::PartnerOfficer => self.agency.map_or(EnterpriseScope::Nothing, EnterpriseScope::NominatedBy),
            Role::ProviderStaff => EnterpriseScope::Nothing,
        }
    }

    /// The provinces an officer covers: their own list, or every province of their region.
    pub fn officer_provinces(&self) -> Vec<u8> {
        match (self.role, self.region) {
            (Role::RegionalOfficer, Some(region)) => {
                geography().provinces().iter().filter(|p| p.region == region).map(|p| p.code).collect()
            }
            (Role::RegionalOfficer, None) => Vec::new(),
            _ => self.provinces.clone(),
        }
    }

    pub fn may_view_enterprise(&self, e: &EnterpriseFacts) -> bool {
        self.may(Permission::ViewEnterprises) && self.enterprise_scope().covers(e)
    }

    pub fn may_edit_enterprise(&self, e: &EnterpriseFacts) -> bool {
        self.may(Permission::EditEnterprises) && self.enterprise_scope().covers(e)
    }

    /// Whether a new enterprise may be registered in `province` by this principal. An
    /// entrepreneur's own and a partner's nominated enterprises may be anywhere; officers
    /// register within their scope.
    pub fn may_create_enterprise_in(&self, province: u8) -> bool {
        if !self.may(Permission::CreateEnterprises) {
            return false;
        }
        match self.role {
            Role::Entrepreneur => self.account_id.is_some(),
            Role::PartnerOfficer => self.agency.is_some(),
            _ => {
                EnterpriseScope::Provinces(self.officer_provinces())
                    .covers(&EnterpriseFacts { province_code: province, ..Default::default() })
                    || self.enterprise_scope() == EnterpriseScope::All
            }
        }
    }

    /// National IDs and phone numbers in full: only for those who work with the person —
    /// the entrepreneur, the officer of the province, an admin handling a request.
    pub fn may_reveal_personal(&self, e: &EnterpriseFacts) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Entrepreneur | Role::ProvincialOfficer => self.enterprise_scope().covers(e),
            _ => false,
        }
    }

    pub fn may_edit_services_of(&self, provider_id: i64) -> bool {
        self.may(Permission::EditServices)
            && (self.role != Role::ProviderStaff || self.provider_id == Some(provider_id))
    }

    pub fn may_edit_provider(&self, provider_id: i64) -> bool {
        self.may(Permission::EditProviders)
            && (self.role != Role::ProviderStaff || self.provider_id == Some(provider_id))
    }

    /// Whether an entrepreneur waiting for verification in `province` is this officer's to verify.
    pub fn may_verify_in(&self, province: u8) -> bool {
        self.may(Permission::VerifyEntrepreneurs)
            && (self.enterprise_scope() == EnterpriseScope::All || self.officer_provinces().contains(&province))
    }
}

/// The principal the policy tests judge: account 7, Lamphun (51), the north, provider 3,
/// the DIP — each role reads the parts that apply to it.
#[cfg(test)]
pub(crate) fn test_principal(role: Role) -> Principal {
    Principal {
        account_id: Some(7),
        token_id: None,
        name: "ทดสอบ".into(),
        role,
        provinces: vec![51],
        region: Some(Region::North),
        provider_id: Some(3),
        provider_manager: false,
        agency: Some(Agency::Dip),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn principal(role: Role) -> Principal {
        test_principal(role)
    }

    fn facts(province: u8, members: &[i64], nominated: &[Agency]) -> EnterpriseFacts {
        EnterpriseFacts { province_code: province, members: members.to_vec(), nominated_by: nominated.to_vec() }
    }

    #[test]
    fn each_role_sees_its_own_scope_and_not_another() {
        let lamphun_member = facts(51, &[7], &[]);
        let chiang_mai = facts(50, &[], &[]);
        let songkhla_nominated = facts(90, &[], &[Agency::Dip]);
        let cases = [
            (Role::Entrepreneur, [true, false, false]),
            (Role::ProvincialOfficer, [true, false, false]),
            (Role::RegionalOfficer, [true, true, false]),
            (Role::NationalOfficer, [true, true, true]),
            (Role::PartnerOfficer, [false, false, true]),
            (Role::Admin, [true, true, true]),
            (Role::ProviderStaff, [false, false, false]),
        ];
        for (role, want) in cases {
            let p = principal(role);
            let got = [&lamphun_member, &chiang_mai, &songkhla_nominated].map(|f| p.may_view_enterprise(f));
            assert_eq!(got, want, "{role:?}");
        }
    }

    #[test]
    fn partners_view_but_do_not_edit_and_providers_edit_only_their_own() {
        let p = principal(Role::PartnerOfficer);
        let nominated = facts(90, &[], &[Agency::Dip]);
        assert!(p.may_view_enterprise(&nominated));
        assert!(!p.may_edit_enterprise(&nominated));
        assert!(!principal(Role::PartnerOfficer).may_view_enterprise(&facts(90, &[], &[Agency::Cdd])));

        let staff = principal(Role::ProviderStaff);
        assert!(staff.may_edit_services_of(3));
        assert!(!staff.may_edit_services_of(4));
        assert!(!staff.may_edit_provider(3), "only a manager edits the provider");
        let manager = Principal { provider_manager: true, ..staff };
        assert!(manager.may_edit_provider(3));
        assert!(!manager.may_edit_provider(4));
    }

    #[test]
    fn personal_data_is_revealed_only_to_those_who_need_it() {
        let own = facts(51, &[7], &[Agency::Dip]);
        assert!(principal(Role::Entrepreneur).may_reveal_personal(&own));
        assert!(principal(Role::ProvincialOfficer).may_reveal_personal(&own));
        assert!(principal(Role::Admin).may_reveal_personal(&own));
        for role in [Role::RegionalOfficer, Role::NationalOfficer, Role::PartnerOfficer, Role::ProviderStaff] {
            assert!(!principal(role).may_reveal_personal(&own), "{role:?}");
        }
        assert!(!principal(Role::ProvincialOfficer).may_reveal_personal(&facts(50, &[], &[])));
    }

    #[test]
    fn officers_create_and_verify_only_in_their_provinces() {
        let prov = principal(Role::ProvincialOfficer);
        assert!(prov.may_create_enterprise_in(51) && !prov.may_create_enterprise_in(50));
        assert!(prov.may_verify_in(51) && !prov.may_verify_in(50));
        let reg = principal(Role::RegionalOfficer);
        assert!(reg.may_create_enterprise_in(50) && !reg.may_create_enterprise_in(90));
        assert!(principal(Role::NationalOfficer).may_verify_in(90));
        assert!(principal(Role::Entrepreneur).may_create_enterprise_in(90));
        assert!(!principal(Role::ProviderStaff).may_create_enterprise_in(51));
    }

    #[test]
    fn a_token_without_an_account_sees_no_members_only_scope() {
        let token = Principal { account_id: None, token_id: Some(1), ..principal(Role::Entrepreneur) };
        assert_eq!(token.enterprise_scope(), EnterpriseScope::Nothing);
    }
}
