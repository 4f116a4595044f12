// The offline web verifier: reads a code from the camera, a picture or pasted text with the
// qr1405 reader compiled to WebAssembly (pkg/, built by build.sh), and shows accept or
// refuse. Nothing read here is sent anywhere: the page makes no request but for its own
// files (its Content-Security-Policy forbids any other).
import init, { Reader } from "./pkg/qr1405.js";

const $ = (id) => document.getElementById(id);
const STORE = "qr1405.trust"; // localStorage: the operator's trust list and root key

// Reasons in Vietnamese, by stable code; the reader's English message is shown beside.
const VI = {
  "no-symbol": "Không tìm thấy mã QR trong ảnh",
  "image-unreadable": "Không đọc được ảnh",
  "unknown-format": "Không phải mã QR y tế cá nhân",
  "check-in-url": "Đây là mã khai báo địa điểm, không phải mã của một người",
  "certificate-signature-not-checked":
    "Chứng nhận COVID EU: trang này không có chứng thư của nơi ký, nên không kiểm tra được chữ ký",
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

let reader = null;

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
  if (reading.verdict === "accept") {
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

// Trust list: the operator's, from browser storage, or the bundled test list.
async function loadReader() {
  const stored = localStorage.getItem(STORE);
  if (stored) {
    try {
      const { list, root } = JSON.parse(stored);
      reader = new Reader(list, root);
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
  reader = new Reader(list, root);
  showTrust("Danh sách thử nghiệm kèm theo · Bundled test list");
}

function showTrust(source) {
  const info = reader.trustList;
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
  $("engine").textContent = `Sẵn sàng · Ready — ${source}, #${info.sequence}, ${info.issued_at}`;
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
  await loadReader();

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
      const candidate = new Reader(list, root);
      reader = candidate;
      localStorage.setItem(STORE, JSON.stringify({ list, root }));
      showTrust("Danh sách của đơn vị vận hành · Operator's list");
      $("trust-status").textContent = "Đã lưu · Saved";
    } catch (error) {
      $("trust-status").textContent = `Không dùng được · Refused: ${error.message}`;
    }
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
