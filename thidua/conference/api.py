from ninja import Router

router = Router(tags=["Hội nghị tổng kết"])
