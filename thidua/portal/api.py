from ninja import Router

router = Router(tags=["Cổng thông tin"])
