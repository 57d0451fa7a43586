import { registry } from "@web/core/registry";

// At a comprehensive window: a life-event application is registered, received once,
// checked once and accepted once — each department's case opens behind it.
registry.category("web_tour.tours").add("gov_bundle_tour", {
    steps: () => [
        { content: "New application", trigger: ".o_list_button_add", run: "click" },
        { content: "Life event", trigger: ".o_field_widget[name=bundle_id] input", run: "edit 开餐馆（测试" },
        { content: "Pick it", trigger: ".o-autocomplete--dropdown-item a:contains(我要开餐馆（测试）)", run: "click" },
        { content: "Window", trigger: ".o_field_widget[name=window_id] input", run: "edit T02" },
        { content: "Pick the comprehensive window", trigger: ".o-autocomplete--dropdown-item a:contains(T02)", run: "click" },
        { content: "Applicant", trigger: ".o_field_widget[name=applicant_name] input", run: "edit 李四" },
        { content: "ID", trigger: ".o_field_widget[name=applicant_id_number] input", run: "edit 11010519491231002X" },
        { content: "Phone", trigger: ".o_field_widget[name=applicant_phone] input", run: "edit 13912345678" },
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        { content: "Numbered", trigger: ".o_field_widget[name=name]:contains(YJS)" },
        { content: "Receive the materials once", trigger: "button[name=action_receive]", run: "click" },
        { content: "Two member cases", trigger: ".o_field_widget[name=case_count]:contains(2)" },
        { content: "Materials checked", trigger: "button[name=action_mark_all_compliant]", run: "click" },
        { content: "Accept once", trigger: "button[name=action_accept]", run: "click" },
        { content: "Accepted", trigger: ".o_statusbar_status .o_arrow_button_current[data-value=accepted]" },
        { content: "Combined due date shown", trigger: ".o_field_widget[name=due_date]:not(:empty)" },
    ],
});
