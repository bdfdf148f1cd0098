import pytest

from thidua.core import processes
from thidua.core.models import AuditEvent
from thidua.documents import pdf, services
from thidua.documents.models import GeneratedDocument
from thidua.documents.spec import OfficialDocument, Paragraph
from thidua.organisations.models import BlocYear


def spec(text="Nội dung"):
    return OfficialDocument(issuer="Khối Kinh tế", title="Thông báo", blocks=[Paragraph(text)])


def test_generated_file_is_recorded_private_and_deduplicated(world, settings):
    owner = BlocYear.objects.get(bloc__code="KKT")
    doc = services.generate_docx(actor=world.admin, owner=owner, kind="test.notice", spec=spec())
    assert doc.owner_type == "organisations.blocyear" and doc.owner_id == str(owner.pk)
    assert len(doc.inputs_hash) == 64 and doc.template_version == "1" and doc.created_by == world.admin
    assert (settings.PRIVATE_STORAGE_ROOT / "documents" / doc.path).is_file()
    assert services.read_bytes(doc)[:2] == b"PK"
    assert AuditEvent.objects.filter(action="document.generate", object_id=str(doc.pk)).count() == 1
    again = services.generate_docx(actor=world.admin, owner=owner, kind="test.notice", spec=spec())
    assert again.pk == doc.pk  # a second click makes nothing new
    changed = services.generate_docx(actor=world.admin, owner=owner, kind="test.notice", spec=spec("Khác"))
    assert changed.pk != doc.pk and changed.inputs_hash != doc.inputs_hash
    # Owners are told apart by type too: the demo's 2019 proposals own dossiers with the same ids.
    mine = GeneratedDocument.objects.filter(owner_type=owner._meta.label_lower, owner_id=str(owner.pk))
    assert mine.count() == 2


def test_download_is_decided_by_the_owner_app(world, client_for):
    owner = BlocYear.objects.get(bloc__code="KKT")
    doc = services.generate_docx(actor=world.admin, owner=owner, kind="test.notice", spec=spec())
    assert services.can_download(world.admin, doc)
    assert services.can_download(world.provincial, doc)
    assert not services.can_download(world.officer_a, doc)  # TAND is not in Khối Kinh tế
    response = client_for("provincial").get(doc.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert client_for("officer_a").get(doc.get_absolute_url()).status_code == 404


def test_without_pdf_output_there_is_no_copy_and_the_reason_is_given(world, settings):
    settings.THIDUA_PDF = False
    owner = BlocYear.objects.get(bloc__code="KKT")
    doc = services.generate_docx(actor=world.admin, owner=owner, kind="test.notice", spec=spec())
    assert not services.pdf_available() and "THIDUA_PDF" in services.pdf_unavailable_reason()
    assert services.generate_pdf(actor=world.admin, document=doc) is None
    assert not GeneratedDocument.objects.filter(file_format="pdf", kind="test.notice").exists()


def test_documents_app_imports_no_domain_app():
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("thidua."):
                assert node.module.split(".")[1] in {"core", "documents"}, f"{path}: {node.module}"


@pytest.mark.pdf
def test_several_word_files_become_pdf_archive_copies_in_one_libreoffice_run(world, monkeypatch):
    """The copies line up with their sources and are PDF/A-2b; a file LibreOffice leaves
    unconverted is None."""
    runs = []
    real_run = processes.run
    monkeypatch.setattr(processes, "run", lambda cmd, **kw: runs.append(cmd) or real_run(cmd, **kw))
    owner = BlocYear.objects.get(bloc__code="KKT")
    docs = [
        services.generate_docx(
            actor=world.admin, owner=owner, kind=f"test.notice{i}", spec=spec(f"Nội dung {i}")
        )
        for i in range(3)
    ]
    broken = services.generate_docx(actor=world.admin, owner=owner, kind="test.broken", spec=spec("x"))
    (services.storage_root() / broken.path).write_bytes(b"not a word file")
    pdfs = services.generate_pdfs(actor=world.admin, documents=[*docs, broken])
    assert len(runs) == 1
    assert [p.kind for p in pdfs[:3]] == ["test.notice0", "test.notice1", "test.notice2"]
    assert all(p.file_format == "pdf" and p.owner_id == str(owner.pk) for p in pdfs[:3])
    assert all(pdf.pdfa_part(services.read_bytes(p)) == "2" for p in pdfs[:3])
    assert pdfs[3] is None or services.read_bytes(pdfs[3]).startswith(b"%PDF")
