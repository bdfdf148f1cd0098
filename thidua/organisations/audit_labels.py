"""Vietnamese phrases of the audit actions of organisations (see ``thidua.core.audit_labels``)."""

ACTIONS = {
    "unit.create": "thêm đơn vị",
    "unit.update": "sửa thông tin đơn vị",
    "unit.rename": "đổi tên đơn vị",
    "unit.merge": "ghi nhận giải thể / sáp nhập đơn vị",
    "person.create": "thêm cá nhân",
    "person.update": "sửa thông tin cá nhân",
    "person.publication_consent": "thay đổi đồng ý công bố khen thưởng của cá nhân",
    "bloc.create": "thêm khối, cụm thi đua",
    "bloc.update": "sửa thông tin khối, cụm thi đua",
    "bloc.rotation": "sửa thứ tự luân phiên trưởng khối",
    "bloc_year.create": "thêm năm thi đua của khối",
    "bloc_year.add_members": "thêm thành viên vào khối",
    "bloc_year.remove_member": "rút thành viên khỏi khối",
    "bloc_year.update_member": "sửa thông tin thành viên khối",
    "bloc_year.set_leadership": "đặt trưởng khối, phó khối",
    "bloc_year.start_next": "bắt đầu năm thi đua tiếp theo",
    "bloc_year.confirm_leadership": "xác nhận trưởng khối, phó khối",
    "bloc_year.record_election": "ghi nhận kết quả bầu trưởng khối, phó khối năm sau",
    "bloc_year.name_secretary": "chỉ định thư ký khối của đơn vị trưởng khối",
}

FIELDS = {
    "units": "Đơn vị",
    "unit": "Đơn vị",
    "members": "Thành viên",
    "rotation": "Thứ tự luân phiên",
}
