"""Vietnamese phrases of the audit actions of accounts (see ``thidua.core.audit_labels``)."""

ACTIONS = {
    "user.create": "tạo tài khoản",
    "user.update": "sửa tài khoản",
    "user.profile_update": "cập nhật hồ sơ cá nhân",
    "user.set_password": "đặt lại mật khẩu",
    "token.create": "cấp mã truy cập API",
    "token.revoke": "thu hồi mã truy cập API",
    "auth.login": "đăng nhập",
    "auth.login_failed": "đăng nhập sai",
    "auth.login_throttled": "bị tạm chặn đăng nhập do sai nhiều lần",
    "auth.logout": "đăng xuất",
    "auth.2fa_start": "bắt đầu bật xác thực hai bước",
    "auth.2fa_enrol": "bật xác thực hai bước",
    "auth.2fa_verified": "xác thực hai bước thành công",
    "auth.2fa_failed": "nhập sai mã xác thực hai bước",
    "auth.2fa_reset": "gỡ xác thực hai bước của tài khoản",
}

FIELDS = {
    "tokens_revoked": "Số mã API bị thu hồi",
    "failures_cleared": "Số lần sai được xóa khỏi bộ đếm",
    "known_account": "Tài khoản có tồn tại",
    "wait_seconds": "Thời gian phải chờ (giây)",
    "backup_codes": "Số mã dự phòng",
    "backup_code": "Dùng mã dự phòng",
    "devices_removed": "Số thiết bị xác thực đã gỡ",
}
