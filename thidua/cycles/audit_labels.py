"""Vietnamese phrases of the audit actions of cycles (see ``thidua.core.audit_labels``)."""

from thidua.cycles.choices import Stage

ACTIONS = {
    "bloc_year.advance": "chuyển năm thi đua sang giai đoạn tiếp theo",
    "bloc_year.reopen": "mở lại giai đoạn trước của năm thi đua",
    "bloc_year.settings": "sửa thiết lập của khối",
    "agreement.update": "sửa giao ước thi đua",
    "agreement.signature": "cập nhật chữ ký giao ước thi đua",
    "regulations.update": "sửa quy chế hoạt động",
    "key_content.create": "thêm nội dung trọng tâm",
    "key_content.update": "sửa nội dung trọng tâm",
    "key_content.delete": "xóa nội dung trọng tâm",
    "key_content.move": "đổi thứ tự nội dung trọng tâm",
    "movement.create": "đăng ký phong trào thi đua",
    "movement.update": "sửa phong trào thi đua",
    "movement.delete": "xóa phong trào thi đua",
    "programme.create": "thêm chương trình",
    "programme.update": "sửa chương trình",
    "rubric.create": "tạo bảng tiêu chí chấm điểm",
    "rubric.copy": "sao chép bảng tiêu chí chấm điểm",
    "rubric.demo": "tạo bảng tiêu chí mẫu",
    "rubric.import": "nhập bảng tiêu chí từ Excel",
    "rubric.replace": "thay bảng tiêu chí",
    "rubric.total": "sửa tổng điểm bảng tiêu chí",
    "rubric.publish": "ban hành bảng tiêu chí chấm điểm",
    "rubric.freeze": "khóa bảng tiêu chí chấm điểm",
    "rubric.amend": "sửa đổi bảng tiêu chí đã ban hành",
    "rubric.amend_copy": "tạo bản sửa đổi của bảng tiêu chí",
    "rubric.discard": "hủy bản nháp bảng tiêu chí",
    "rubric_item.create": "thêm tiêu chí chấm điểm",
    "rubric_item.update": "sửa tiêu chí chấm điểm",
    "rubric_item.delete": "xóa tiêu chí chấm điểm",
    "rubric_item.move": "đổi thứ tự tiêu chí chấm điểm",
}


VALUES = {
    "stage": dict(Stage.choices),
    "from": dict(Stage.choices),
    "to": dict(Stage.choices),
}

FIELDS = {
    "frozen": "Đã khóa",
    "transition": "Mã lần chuyển giai đoạn",
    "stage": "Giai đoạn",
    "from": "Từ giai đoạn",
    "to": "Sang giai đoạn",
    "items": "Tiêu chí",
}
