"""Vietnamese phrases of the audit actions of accounts (see ``thidua.core.audit_labels``)."""

ACTIONS = {
    "user.create": "tạo tài khoản",
    "user.update": "sửa tài khoản",
    "user.profile_update": "cập nhật hồ sơ cá nhân",
    "user.set_password": "đặt lại mật khẩu",
    "token.create": "cấp mã truy cập API",
    "token.revoke": "thu hồi mã truy cập API",
}
