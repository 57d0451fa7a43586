import { registry } from "@web/core/registry";

// The clerk's day: a first inquiry becomes a case; materials are checked; a
// one-time correction notice goes out; the corrected material comes back; the
// case is accepted, reviewed, approved and delivered.
function materialCheckbox(row, field) {
    const rowSel = `.o_field_widget[name=material_ids] .o_data_row:eq(${row})`;
    const cell = `${rowSel} .o_data_cell[name=${field}]`;
    return [
        { content: `Edit material ${row + 1}`, trigger: `${rowSel} .o_data_cell[name=copies]`, run: "click" },
        { content: `Tick ${field} on material ${row + 1}`, trigger: `${cell} input:enabled`, run: "click" },
        { content: `${field} ticked`, trigger: `${cell} input:checked` },
    ];
}
function button(name, content) {
    return { content, trigger: `.o_form_view .o_form_statusbar button[name=${name}]`, run: "click" };
}
function status(label) {
    return { content: `Status is ${label}`, trigger: `.o_statusbar_status .o_arrow_button_current:contains(${label})` };
}
function completeStep(opinion) {
    return [
        button("action_open_step", "Complete the current step"),
        { content: "Opinion", trigger: ".modal .o_field_widget[name=opinion] textarea", run: `edit ${opinion}` },
        { content: "Confirm", trigger: ".modal .modal-footer button[name=action_confirm]", run: "click" },
        { content: "Dialog closed", trigger: "body:not(:has(.modal))" },
    ];
}

registry.category("web_tour.tours").add("gov_case_tour", {
    steps: () => [
        { content: "Applicant", trigger: ".o_field_widget[name=applicant_name] input", run: "edit 赵六" },
        { content: "Phone", trigger: ".o_field_widget[name=applicant_phone] input", run: "edit 13912345678" },
        { content: "ID", trigger: ".o_field_widget[name=applicant_id_number] input", run: "edit 11010519491231002X" },
        { content: "Question", trigger: ".o_field_widget[name=question] textarea", run: "edit 开出租车要办什么？" },
        { content: "Item", trigger: ".o_field_widget[name=item_id] input", run: "edit 巡游测试" },
        { content: "Pick item", trigger: ".o-autocomplete--dropdown-item a:contains(巡游测试事项)", run: "click" },
        { content: "Window suggested", trigger: ".o_field_widget[name=window_id] input:value(TW1 测试窗口)" },
        { content: "Register as case", trigger: "button[name=action_convert_to_case]", run: "click" },
        { content: "Case form", trigger: ".o_form_view .o_field_widget[name=name]:contains(SL)" },
        button("action_receive", "Receive the materials"),
        status("已收件"),
        ...materialCheckbox(0, "submitted"),
        ...materialCheckbox(0, "compliant"),
        button("action_correction_notice", "One-time correction notice"),
        { content: "Confirm the notice", trigger: ".modal-footer .btn-primary", run: "click" },
        status("待补正"),
        button("action_resubmit", "Corrected material received"),
        status("已收件"),
        ...materialCheckbox(1, "compliant"),
        button("action_accept", "Accept"),
        status("审查中"),
        ...completeStep("初审通过"),
        ...completeStep("同意许可"),
        status("已决定"),
        button("action_output_sign", "Leader signs the output"),
        button("action_output_dept_seal", "Department approval seal"),
        button("action_output_bureau_seal", "Bureau seal, last"),
        button("action_open_deliver", "Deliver"),
        { content: "Confirm delivery", trigger: ".modal .modal-footer button[name=action_confirm]", run: "click" },
        status("已送达"),
    ],
});
