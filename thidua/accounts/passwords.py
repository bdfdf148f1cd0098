"""Django's password validators with Vietnamese messages where Django's translation has none (the
length rule's plural) or names the field in English."""

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        return f"Mật khẩu quá ngắn: cần ít nhất {self.min_length} ký tự."

    def get_help_text(self):
        return f"Mật khẩu cần ít nhất {self.min_length} ký tự."


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        return "Mật khẩu quá giống tên đăng nhập, họ tên hoặc thư điện tử của tài khoản."

    def get_help_text(self):
        return "Mật khẩu không được giống tên đăng nhập, họ tên hay thư điện tử."
