from ninja import Router

router = Router(tags=["Năm thi đua"])
