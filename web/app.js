// The offline web verifier: reads a code from the camera, a picture or pasted text with the
// qr1405 reader compiled to WebAssembly (pkg/, built by build.sh), and shows accept or
// refuse. Nothing read here is sent anywhere: the page makes no request but for its own
// files (its Content-Security-Policy forbids any other).
import init, { CertificateSigners, Reader } from "./pkg/qr1405.js";

const $ = (id) => document.getElementById(id);
const STORE = "qr1405.trust"; // localStorage: the operator's trust list and root key
const DSC_STORE = "qr1405.dsc"; // localStorage: the EU signer certificates, a DSC trust list

// Reasons in Vietnamese, by stable code; the reader's English message is shown beside.
const VI = {
  "no-symbol": "Không tìm thấy mã QR trong ảnh",
  "image-unreadable": "Không đọc được ảnh",
  "unknown-format": "Không phải mã QR y tế cá nhân",
  "check-in-url": "Đây là mã khai báo địa điểm, không phải mã của một người",
  "certificate-signature-not-checked":
    "Chứng nhận COVID EU: trang này chưa có chứng thư ký (DSC), nên không kiểm tra được chữ ký; tải danh sách DSC ở thẻ Danh sách tin cậy",
  "dcc-signer-unknown": "Chứng nhận COVID EU: chứng thư ký (DSC) không có trong danh sách đã tải",
  "dcc-signature-invalid": "Chứng nhận COVID EU: chữ ký không hợp lệ, chứng nhận đã bị sửa hoặc giả mạo",
  "dcc-signer-key-mismatch": "Chứng nhận COVID EU: khóa của chứng thư ký không khớp thuật toán chữ ký",
  "dcc-key-usage-mismatch": "Chứng nhận COVID EU: chứng thư ký không được phép ký loại chứng nhận này",
  "dcc-expired": "Chứng nhận COVID EU đã hết hạn",
  "dcc-not-yet-valid": "Chứng nhận COVID EU chưa có hiệu lực",
  "signature-invalid": "Chữ ký không hợp lệ: mã đã bị sửa hoặc giả mạo",
  "unknown-key": "Chữ ký bằng khóa không có trong danh sách tin cậy",
  "key-revoked": "Khóa ký đã bị thu hồi",
  "key-not-valid-when-signed": "Khóa ký không còn hiệu lực khi ký",
  "signed-in-future": "Thời điểm ký ở tương lai",
  "malformed-slot": "Ô chữ ký sai định dạng",
  "unsupported-version": "Phiên bản chữ ký không được hỗ trợ",
  "unsigned": "Mã không có chữ ký",
  "green-expired": "Thẻ xanh đã hết hạn hoặc chưa có hiệu lực",
  "green-required": "Cần thẻ xanh hợp lệ",
  "green-claim-malformed": "Thông tin thẻ xanh sai định dạng",
  "citizen-card-not-accepted": "Không chấp nhận mã CCCD",
  "not-conforming": "Mã không đúng quy định",
  "input-empty": "Mã rỗng",
  "input-not-utf8": "Mã không phải văn bản UTF-8",
  "input-too-long": "Mã quá dài",
  "field-count": "Số trường không đúng",
  "full-name-missing": "Thiếu họ tên",
  "full-name-lowercase": "Họ tên phải viết hoa",
  "full-name-diacritics": "Họ tên không được có dấu",
  "full-name-invalid-character": "Họ tên có ký tự không hợp lệ",
  "full-name-spacing": "Khoảng trắng trong họ tên không đúng",
  "birth-date-missing": "Thiếu ngày sinh",
  "birth-date-invalid": "Ngày sinh không hợp lệ",
  "birth-date-format": "Ngày sinh sai định dạng",
  "document-number-invalid": "Số giấy tờ không hợp lệ",
  "document-number-missing": "Thiếu số giấy tờ",
  "document-number-mask-invalid": "Số giấy tờ che không đúng cách",
  "qid-missing": "Thiếu mã định danh",
  "qid-invalid-character": "Mã định danh có ký tự không hợp lệ",
  "gender-invalid": "Giới tính không hợp lệ",
  "phone-invalid": "Số điện thoại không hợp lệ",
  "health-insurance-number-invalid": "Số thẻ BHYT không hợp lệ",
  "declaration-invalid": "Trường khai hộ không hợp lệ",
  "control-character": "Mã có ký tự điều khiển",
  "multiple-symbols": "Ảnh có nhiều mã QR; đã đọc mã đầu tiên",
  "trailing-line-break": "Mã có dấu xuống dòng ở cuối",
};
const GREEN = {
  green: "Xanh · Green",
  yellow: "Vàng · Yellow",
  red: "Đỏ · Red",
  "pale-blue": "Xanh nhạt · Pale blue",
  "no-card": "Không có thẻ · No card",
};

let reader = null; // the reader in force: the trust list's, with the EU signers when any
let base = null; // the reader of the personal code's trust list alone
let signers = null; // the EU signer certificates (DSCs) loaded

// What an EU certificate shows, in order: its reading's field, and the label.
const CERTIFICATE_TYPE = {
  vaccination: "Tiêm chủng · Vaccination",
  test: "Xét nghiệm · Test",
  recovery: "Khỏi bệnh · Recovery",
};
const CERTIFICATE_FIELDS = [
  ["birth_date", "Ngày sinh · Birth date"],
  ["disease", "Bệnh · Disease"],
  ["vaccine_type", "Loại vắc xin · Vaccine type"],
  ["vaccine", "Vắc xin · Vaccine"],
  ["manufacturer", "Nhà sản xuất · Manufacturer"],
  ["dose", "Mũi · Dose"],
  ["vaccination_date", "Ngày tiêm · Vaccination date"],
  ["test_type", "Loại xét nghiệm · Test type"],
  ["test_name", "Tên xét nghiệm · Test name"],
  ["test_device", "Bộ xét nghiệm · Test device"],
  ["sample_time", "Lấy mẫu · Sample taken"],
  ["test_result", "Kết quả · Result"],
  ["test_centre", "Nơi xét nghiệm · Test centre"],
  ["first_positive_test", "Dương tính lần đầu · First positive test"],
  ["valid_from", "Khỏi bệnh có hiệu lực từ · Recovery valid from"],
  ["valid_until", "Khỏi bệnh có hiệu lực đến · Recovery valid until"],
  ["country", "Nước · Country"],
  ["certificate_issuer", "Đơn vị cấp · Certificate issuer"],
  ["certificate_id", "Mã chứng nhận · Certificate ID"],
  ["issuing_country", "Nước cấp · Issuing country"],
  ["issued_at", "Ngày cấp · Issued"],
  ["expires", "Hết hạn · Expires"],
];

function el(tag, props = {}, ...children) {
  const node = Object.assign(document.createElement(tag), props);
  for (const child of children) node.append(child);
  return node;
}

function row(list, term, value) {
  list.append(el("dt", { textContent: term }), el("dd", { textContent: value }));
}

// The accept or refuse screen. A verdict is said in words and with a symbol, never by
// colour alone.
function show(reading) {
  const box = el("div", { className: `verdict ${reading.verdict}` });
  box.dataset.verdict = reading.verdict;
  if (reading.verdict === "accept" && reading.kind === "eu-dcc") {
    box.append(el("h2", { textContent: "✔ CHẤP NHẬN · ACCEPT" }), certificate(reading));
    if (reading.warnings.length) box.append(reasons("Lưu ý · Notes", reading.warnings));
  } else if (reading.verdict === "accept") {
    box.append(el("h2", { textContent: "✔ CHẤP NHẬN · ACCEPT" }));
    const f = reading.fields;
    const list = el("dl");
    row(list, "Họ tên · Name", f.full_name ?? "—");
    list.lastChild.classList.add("name");
    // As the code shows it: a masked code hides day and month.
    const birth = f.birth_date ?? "";
    row(list, "Năm sinh · Birth year", birth.slice(0, 4) || "—");
    row(list, "Ngày sinh trong mã · Birth date in the code", birth || "—");
    const s = reading.signature;
    row(
      list,
      "Cấp bởi · Issuer",
      s.verdict === "valid"
        ? `${s.issuer_name} (${s.issuer_id}), ký ${s.signed_at}`
        : s.verdict === "unsigned"
          ? "Không có chữ ký · Unsigned"
          : s.verdict === "not-applicable"
            ? "Thẻ CCCD · Citizen ID card"
            : "Chưa kiểm tra chữ ký · Signature not checked",
    );
    const g = reading.green;
    row(list, "Thẻ xanh · Green card", g ? `${GREEN[g.status] ?? g.status} (${g.rules})` : "Không có · None");
    if (g) row(list, "Hiệu lực đến · Valid until", g.valid_until ?? "Không thời hạn · No end");
    row(list, "Loại mã · Kind", `${reading.kind}${reading.display_form ? ` (${reading.display_form})` : ""}`);
    box.append(list);
    if (reading.warnings.length) box.append(reasons("Lưu ý · Notes", reading.warnings));
  } else {
    box.append(el("h2", { textContent: "✖ TỪ CHỐI · REFUSE" }));
    box.append(reasons("Lý do · Reasons", reading.reasons));
  }
  $("result").replaceChildren(box);
}

// An accepted EU certificate: the person (the name as written and its ICAO transliteration),
// the vaccination, test or recovery with the value sets' names, its issuer and validity, and
// the signer certificate that verified it.
function certificate(reading) {
  const f = reading.fields;
  const list = el("dl");
  // Family name first, as a passport writes it: unambiguous whatever the name's culture.
  const name = [f.family_name, f.given_name].filter(Boolean).join(", ") || "—";
  row(list, "Họ tên · Name", name);
  list.lastChild.classList.add("name");
  list.lastChild.dataset.field = "name";
  const icao = [f.family_name_icao, f.given_name_icao].filter(Boolean).join("<<");
  if (icao) {
    row(list, "Họ tên chuẩn ICAO · ICAO name", icao);
    list.lastChild.dataset.field = "name_icao";
  }
  row(list, "Loại chứng nhận · Certificate", CERTIFICATE_TYPE[f.certificate_type] ?? f.certificate_type ?? "—");
  list.lastChild.dataset.field = "certificate_type";
  for (const [key, label] of CERTIFICATE_FIELDS) {
    if (!f[key]) continue;
    const display = f[`${key}_name`];
    row(list, label, display && display !== f[key] ? `${display} (${f[key]})` : f[key]);
    list.lastChild.dataset.field = key;
  }
  const s = reading.signature;
  row(
    list,
    "Ký bởi · Signed by",
    s.verdict === "valid"
      ? `${s.issuer_name}${s.issuer_id ? ` (${s.issuer_id})` : ""}, kid ${s.key_id}`
      : "Chưa kiểm tra chữ ký · Signature not checked",
  );
  list.lastChild.dataset.field = "signer";
  row(list, "Loại mã · Kind", "Chứng nhận COVID EU · EU Digital COVID Certificate");
  return list;
}

function vietnamese(code) {
  if (VI[code]) return VI[code];
  if (/^(card|cccd)-/.test(code)) return "Mã CCCD không hợp lệ";
  if (code.startsWith("on-behalf")) return "Thông tin khai hộ không hợp lệ";
  if (code.startsWith("dcc-")) return "Chứng nhận COVID EU không hợp lệ";
  return "Mã không hợp lệ";
}

function reasons(title, list) {
  const ul = el("ul");
  for (const r of list) {
    const li = el("li");
    li.dataset.code = r.code;
    li.append(
      el("span", { lang: "vi", textContent: vietnamese(r.code) }),
      " · ",
      el("span", { lang: "en", textContent: r.message }),
      " ",
      el("code", { textContent: `[${r.code}]` }),
    );
    ul.append(li);
  }
  return el("div", {}, el("h3", { textContent: title }), ul);
}

function failure(error) {
  show({
    verdict: "refuse",
    kind: "unknown",
    reasons: [{ code: "error", message: String(error.message ?? error) }],
  });
}

// The reader in force: the personal code's trust list, and the EU signers when there are any
// (without them an EU certificate is refused as not checked, not as signed by no one known).
function applySigners() {
  reader = signers.length > 0 ? base.withCertificateSigners(signers) : base;
}

// Trust list: the operator's, from browser storage, or the bundled test list.
async function loadReader() {
  const stored = localStorage.getItem(STORE);
  if (stored) {
    try {
      const { list, root } = JSON.parse(stored);
      base = new Reader(list, root);
      applySigners();
      showTrust("Danh sách của đơn vị vận hành · Operator's list");
      return;
    } catch (error) {
      $("trust-status").textContent = `Danh sách đã lưu không dùng được · The stored list cannot be used: ${error.message}`;
    }
  }
  const [list, root] = await Promise.all([
    fetch("trust/trust-list.json").then((r) => r.text()),
    fetch("trust/root.pub").then((r) => r.text()),
  ]);
  base = new Reader(list, root);
  applySigners();
  showTrust("Danh sách thử nghiệm kèm theo · Bundled test list");
}

// EU signer certificates: those kept in browser storage, or none.
function loadSigners() {
  signers = new CertificateSigners();
  const stored = localStorage.getItem(DSC_STORE);
  if (stored) {
    try {
      signers = CertificateSigners.fromTrustList(stored, "(stored)");
    } catch (error) {
      $("dsc-status").textContent = `Danh sách DSC đã lưu không dùng được · The stored DSC list cannot be used: ${error.message}`;
    }
  }
}

const STATUS = {
  valid: "✔ Còn hiệu lực · Valid",
  expired: "✖ Hết hạn · Expired",
  "not-yet-valid": "✖ Chưa có hiệu lực · Not yet valid",
};

function showSigners() {
  const info = signers.describe(new Date());
  const box = $("dsc-info");
  box.dataset.count = String(info.count);
  const title = el("h2", { textContent: "Chứng thư ký EU (DSC) · EU signer certificates (DSCs)" });
  if (info.count === 0) {
    box.replaceChildren(
      title,
      el("p", {
        id: "dsc-summary",
        textContent:
          "Chưa có chứng thư ký nào: chứng nhận COVID EU bị từ chối vì không kiểm tra được chữ ký. · No signer certificates: EU certificates are refused, their signatures cannot be checked.",
      }),
    );
    return;
  }
  const expired = info.expired ? `, ${info.expired} hết hạn · expired` : "";
  const summary = el("p", {
    id: "dsc-summary",
    textContent: `${info.count} chứng thư · signers; nước · countries: ${info.countries.join(", ") || "—"}${expired}`,
  });
  const table = el("table", { id: "dsc-table" });
  table.append(el("caption", { textContent: "Chứng thư ký đã tải · Signer certificates loaded" }));
  const head = el("tr");
  for (const h of ["Nước · Country", "Mã khóa · Key id (kid)", "Chủ thể · Subject", "Hiệu lực · Validity", "Trạng thái · Status"])
    head.append(el("th", { scope: "col", textContent: h }));
  table.append(el("thead", {}, head));
  const body = el("tbody");
  for (const s of info.signers) {
    const tr = el("tr");
    tr.dataset.kid = s.kid;
    tr.dataset.status = s.status;
    const usages = s.usages.length ? ` [${s.usages.join(", ")}]` : "";
    tr.append(
      el("td", { textContent: s.country ?? "—" }),
      el("td", { textContent: `${s.kid} (${s.kid_hex})` }),
      el("td", { textContent: s.subject + usages }),
      el("td", { textContent: `${s.not_before} → ${s.not_after}` }),
      el("td", { className: "status", textContent: STATUS[s.status] ?? s.status }),
    );
    body.append(tr);
  }
  table.append(body);
  const note = el("p", {
    className: "small",
    textContent:
      "Chứng thư hết hạn vẫn xác minh chứng nhận đã ký khi nó còn hiệu lực. · An expired signer still verifies certificates it signed while it was valid.",
  });
  box.replaceChildren(title, summary, table, note);
}

function showTrust(source) {
  $("engine").dataset.source = source;
  const info = base.trustList;
  const list = el("dl");
  row(list, "Nguồn · Source", source);
  row(list, "Số thứ tự · Sequence", String(info.sequence));
  row(list, "Ban hành · Issued", info.issued_at);
  row(list, "Khóa cuối hết hạn · Last key expires", info.last_key_expires ?? "—");
  for (const issuer of info.issuers) {
    const keys = issuer.keys.map((k) => `${k.key_id}: ${k.not_before} → ${k.not_after}, ${k.status}`);
    row(list, `${issuer.name} (${issuer.id})`, keys.join("; "));
  }
  $("trust-info").replaceChildren(el("h2", { textContent: "Danh sách tin cậy · Trust list" }), list);
  $("engine").textContent =
    `Sẵn sàng · Ready — ${source}, #${info.sequence}, ${info.issued_at}; DSC EU: ${signers.length}`;
}

// Tabs.
const tabs = [...document.querySelectorAll('[role="tab"]')];
for (const tab of tabs) {
  tab.addEventListener("click", () => {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute("aria-selected", String(on));
      $(other.getAttribute("aria-controls")).hidden = !on;
    }
    if (tab.id !== "tab-camera") stopCamera();
    // A verdict belongs to the code it was given for, not to the next tab.
    $("result").replaceChildren();
    lastText = null;
  });
}

// Camera: continuous; a frame without a code is not a verdict.
let stream = null;
let lastText = null;
async function startCamera() {
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      video: { facingMode: "environment", width: { ideal: 1280 }, height: { ideal: 720 } },
      audio: false,
    });
  } catch (error) {
    $("camera-status").textContent = `Không mở được máy ảnh · Cannot open the camera: ${error.message}`;
    return;
  }
  const video = $("video");
  video.srcObject = stream;
  video.dataset.on = "";
  await video.play();
  $("camera-start").hidden = true;
  $("camera-stop").hidden = false;
  $("camera-status").textContent = "Đang tìm mã QR… · Looking for a QR code…";
  lastText = null;
  scan();
}

function stopCamera() {
  if (!stream) return;
  for (const track of stream.getTracks()) track.stop();
  stream = null;
  delete $("video").dataset.on;
  $("camera-start").hidden = false;
  $("camera-stop").hidden = true;
  $("camera-status").textContent = "";
}

function scan() {
  if (!stream) return;
  const video = $("video");
  if (video.videoWidth > 0) {
    const canvas = $("frame");
    canvas.width = video.videoWidth;
    canvas.height = video.videoHeight;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(video, 0, 0);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    // A live frame is searched less than a picture (docs/reader.md, Camera frames): the
    // next frame is a moment away.
    const reading = reader.readCameraFrame(frame, new Date());
    const found = !(reading.verdict === "refuse" && reading.reasons[0]?.code === "no-symbol");
    if (found) {
      const key = reading.verdict === "accept" ? reading.text : JSON.stringify(reading.reasons);
      if (key !== lastText) {
        lastText = key;
        show(reading);
      }
    }
  }
  setTimeout(() => requestAnimationFrame(scan), 100);
}

async function main() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("sw.js").catch(() => {});
  }
  await init({ module_or_path: new URL("pkg/qr1405_bg.wasm", import.meta.url) });
  loadSigners();
  await loadReader();
  showSigners();

  $("camera-start").addEventListener("click", startCamera);
  $("camera-stop").addEventListener("click", stopCamera);
  $("picture").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
      show(reader.readImage(new Uint8Array(await file.arrayBuffer()), new Date()));
    } catch (error) {
      failure(error);
    }
  });
  $("text-read").addEventListener("click", () => {
    try {
      show(reader.readText($("text").value.replace(/\r?\n$/, ""), new Date()));
    } catch (error) {
      failure(error);
    }
  });
  $("trust-load").addEventListener("click", async () => {
    const file = $("trust-file").files[0];
    const root = $("root-key").value.trim();
    try {
      if (!file) throw new Error("chọn một tệp · choose a file");
      const list = await file.text();
      base = new Reader(list, root);
      applySigners();
      localStorage.setItem(STORE, JSON.stringify({ list, root }));
      showTrust("Danh sách của đơn vị vận hành · Operator's list");
      $("trust-status").textContent = "Đã lưu · Saved";
    } catch (error) {
      $("trust-status").textContent = `Không dùng được · Refused: ${error.message}`;
    }
  });
  // EU signers: every chosen file is added, or, when one cannot be read, none of them.
  $("dsc-file").addEventListener("change", async (event) => {
    const files = [...event.target.files];
    if (!files.length) return;
    const candidate = CertificateSigners.fromTrustList(signers.toJson(), "(held)");
    let added = 0;
    let held = 0;
    try {
      for (const file of files) {
        const result = candidate.addFile(new Uint8Array(await file.arrayBuffer()), file.name);
        added += result.added;
        held += result.already_held;
      }
    } catch (error) {
      $("dsc-status").textContent = `Không tải được, không thêm gì · Not loaded, nothing added: ${error.message}`;
      event.target.value = "";
      return;
    }
    event.target.value = "";
    signers = candidate;
    applySigners();
    showSigners();
    showTrust($("engine").dataset.source);
    let kept = "Đã lưu · Saved";
    try {
      localStorage.setItem(DSC_STORE, signers.toJson());
    } catch (error) {
      kept = `Dùng cho lần này, không lưu được cho lần sau · In use for this visit, not kept for the next: ${error.message}`;
    }
    $("dsc-status").textContent =
      `Đã thêm ${added} chứng thư (${held} đã có) · Added ${added} signer certificates (${held} already held). ${kept}`;
  });
  $("dsc-clear").addEventListener("click", () => {
    localStorage.removeItem(DSC_STORE);
    signers = new CertificateSigners();
    applySigners();
    showSigners();
    showTrust($("engine").dataset.source);
    $("dsc-status").textContent = "Đã xóa chứng thư ký EU · EU signers cleared";
  });
  $("trust-reset").addEventListener("click", async () => {
    localStorage.removeItem(STORE);
    await loadReader();
    $("trust-status").textContent = "Đã dùng danh sách kèm theo · Bundled list in use";
  });
}

main().catch((error) => {
  $("engine").textContent = `Lỗi · Error: ${error.message}`;
});
