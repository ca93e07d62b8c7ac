//! What happened to a need, step by step, for its timeline page: each step of the
//! workflow writes one event in the same transaction as the step.

use crate::codes::vocabulary;

vocabulary! {
    EventKind, "เหตุการณ์", "event" {
        NeedCreated => "need_created", "บันทึกโจทย์", "Need recorded";
        Referred => "referred", "ส่งต่อไปยังบริการ", "Referred to a service";
        ReferralAccepted => "referral_accepted", "ผู้ให้บริการตอบรับ", "Provider accepted";
        ReferralDeclined => "referral_declined", "ผู้ให้บริการปฏิเสธ", "Provider declined";
        ReferralWithdrawn => "referral_withdrawn", "ถอนการส่งต่อ", "Referral withdrawn";
        CouponApplied => "coupon_applied", "ยื่นขอคูปองวิทย์", "Coupon applied for";
        CouponScreened => "coupon_screened", "ตรวจคุณสมบัติผ่าน", "Coupon screened";
        CouponApproved => "coupon_approved", "อนุมัติคูปอง", "Coupon approved";
        CouponRejected => "coupon_rejected", "ไม่อนุมัติคูปอง", "Coupon rejected";
        CouponCancelled => "coupon_cancelled", "ยกเลิกคูปอง", "Coupon cancelled";
        MilestoneAdded => "milestone_added", "เพิ่มงวดงาน", "Milestone added";
        MilestoneDone => "milestone_done", "งวดงานเสร็จ", "Milestone done";
        FileUploaded => "file_uploaded", "แนบไฟล์ส่งมอบ", "Deliverable uploaded";
        DeliveryReported => "delivery_reported", "ผู้ให้บริการรายงานส่งมอบงาน", "Delivery reported";
        DeliveryReturned => "delivery_returned", "ส่งงานกลับไปแก้ไข", "Delivery sent back";
        DeliveryAccepted => "delivery_accepted", "ผู้ประกอบการรับมอบงาน", "Delivery accepted";
        PaymentClaimed => "payment_claimed", "ขอเบิกเงินคูปอง", "Payment claimed";
        PaymentApproved => "payment_approved", "อนุมัติจ่ายเงิน", "Payment approved";
        ProjectCancelled => "project_cancelled", "ยกเลิกโครงการ", "Project cancelled";
        ProjectClosed => "project_closed", "ปิดโครงการและบันทึกผล", "Project closed, outcome recorded";
        FollowUpRecorded => "follow_up_recorded", "บันทึกผลติดตาม 6 เดือน", "Six-month follow-up recorded";
    }
}
