from ninja import Router

router = Router(tags=["Đề nghị khen thưởng"])
