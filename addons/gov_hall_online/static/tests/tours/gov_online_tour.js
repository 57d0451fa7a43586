import { registry } from "@web/core/registry";

// The applicant at home: the item's online form, one PDF per material, submitted once;
// the case page shows it received at the online window.
const PDF = "JVBERi0xLjQKMSAwIG9iajw8Pj5lbmRvYmoKdHJhaWxlcjw8Pj4KJSVFT0YK"; // %PDF-1.4 …

function attach(input, name) {
    const bytes = Uint8Array.from(atob(PDF), (c) => c.charCodeAt(0));
    const transfer = new DataTransfer();
    transfer.items.add(new File([bytes], name, { type: "application/pdf" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

registry.category("web_tour.tours").add("gov_online_tour", {
    steps: () => [
        { content: "The online form", trigger: "h1:contains(在线申请)" },
        { content: "Applicant", trigger: "input#applicant_name", run: "edit 钱小雨" },
        { content: "ID number", trigger: "input#applicant_id_number", run: "edit 11010519491231002X" },
        {
            content: "One PDF per material",
            trigger: "form.apply input[type=file]",
            run() {
                for (const input of document.querySelectorAll("form.apply input[type=file]")) {
                    attach(input, `${input.id}.pdf`);
                }
            },
        },
        { content: "Electronic delivery", trigger: "select[name=delivery]", run: "select electronic" },
        { content: "Submit", trigger: "form.apply button[type=submit]", run: "click", expectUnloadPage: true },
        { content: "Received at the online window", trigger: "b.case-state:contains(已收件)" },
        { content: "My cases", trigger: "a[href='/my/hall']" },
    ],
});
