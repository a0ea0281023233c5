#!/usr/bin/env bash
# Real survey exports load as the tools wrote them (issue 18): KoboToolbox,
# KoBoCAT/Ona, ODK Central and Briefcase, LimeSurvey and Google Forms files
# taken from public repositories (tests/exports/SOURCES.md), .xlsx among
# them, each read with the configuration an analyst would write: a framework
# for a few of its questions and no list of the columns to skip.  For each
# file: how many answers were stored and several of their values.  Then the
# settings that change how a file is read, each with the message it gives.
INDIGO=$1 SRC=$2
. "$(dirname "$0")/tap.sh"
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
INDIGO=$(english_indigo "$INDIGO" "$W")   # its messages in English
cp -r "$SRC/tests/exports" "$W/r"; cd "$W/r"
cp indigo.ini indigo.good

q() { sqlite3 -separator '|' exports.db "$1"; }
count() { q "SELECT count(*) FROM answer a JOIN input_file f ON f.id = a.file_id WHERE f.path = '$1'"; }
value() {  # value FILE QUESTION RESPONDENT -> value|number
    q "SELECT a.value || '|' || ifnull(a.number, 'NULL') FROM answer a JOIN input_file f ON f.id = a.file_id
       WHERE f.path = '$1' AND a.question = '$2' AND a.respondent = '$3'"
}

"$INDIGO" -c indigo.ini check > "$W/out" 2> "$W/err"; is $? 0 "check passes on every real export"
contains "$W/out" "28 survey files, 196 answers" "check counts the answers of the 28 files"
"$INDIGO" -c indigo.ini load 2> "$W/err"; is $? 0 "the real exports load"
cp "$W/err" "$W/load.err"

# -- KoBoCAT / Ona: XML headers with "/" groups, True/False option columns, n/a
f=kobocat/transportation.csv
is "$(count $f)" 8 "$f: 8 answers"
is "$(value $f available_transportation_types_to_referral_facility f3d8dc65-91a6-4d0f-9e97-802128083390)" \
    "ambulance bicycle|2.0" "$f: True/False option columns make the list of codes"
is "$(value $f available_transportation_types_to_referral_facility 5b2cc313-fc09-437e-8149-fcd32f695d41)" \
    "|0.0" "$f: every option False = answered with none"
is "$(value $f bicycle.frequency_to_referral_facility f3d8dc65-91a6-4d0f-9e97-802128083390)" "weekly|0.5" \
    "$f: a question inside a loop group (ambulance/frequency...) by its dotted code"
contains "$W/load.err" "$f: warning: 8 answers held a no-answer code (missing_codes) and count as not answered (lines 2, 3, 4, 5)" \
    "$f: n/a is no answer, counted in one line"
contains "$W/load.err" "$f:1: warning: 7 columns not used by the TRANSPORT questionnaire, read as no data:" \
    "$f: the columns no question uses are one warning"
f=kobocat/transportation_labels_only.csv
is "$(count $f)" 1 "$f (Labels export, labels with \"/\"): 1 answer"
is "$(value $f available_transportation_types_to_referral_facility 5b2cc313-fc09-437e-8149-fcd32f695d41)" \
    "|0.0" "$f: option columns matched by label (boat/canoe, keke napep)"
f=kobocat/transportation_export.xlsx
is "$(count $f)" 8 "$f: 8 answers from the .xlsx export"
is "$(value $f available_transportation_types_to_referral_facility 9f0a1508-c3b7-4c99-be00-9b237c26bcbf)" \
    "taxi other|1.0" "$f: the one-column select multiple is read, its option columns (TRUE() formulas) not"
is "$(value $f taxi.frequency_to_referral_facility 9f0a1508-c3b7-4c99-be00-9b237c26bcbf)" "daily|1.0" \
    "$f: inline strings"
f=kobocat/userone_with_dot_name_fields.csv
is "$(value $f Q1.2 a32f232c-77cb-4468-b55b-6495d5e5de7)" "4|4.0" "$f: a question code with \".\" (Q1.2)"
f=kobocat/transportation_no_group_names.csv
is "$(count $f)" 1 "$f (exported without group names): 1 answer"
is "$(value $f available_transportation_types_to_referral_facility 5b2cc313-fc09-437e-8149-fcd32f695d41)" \
    "|0.0" "$f: option columns without their group"
contains "$W/load.err" "$f: warning: 3 answers held a no-answer code (missing_codes) and count as not answered (line 2)" \
    "$f: the three loop columns mapped by position (#12, #13, #20) are read, as n/a"
f=kobocat/tutorial_w_repeats.csv
is "$(count $f)" 3 "$f: 3 answers"
is "$(value $f age b31c6ac2-b8ca-4180-914f-c844fa10ed3b)|$(value $f has_children b31c6ac2-b8ca-4180-914f-c844fa10ed3b)" \
    "25|25.0|1|1.0" "$f: a number and a select one beside a flattened repeat"
is "$(value $f web_browsers b31c6ac2-b8ca-4180-914f-c844fa10ed3b)" "" "$f: option columns all n/a: not answered"
contains "$W/load.err" "$f: warning: 1 answer held a no-answer code (missing_codes) and count as not answered (line 2)" \
    "$f: a question whose four option columns say n/a is one unanswered question, not four"
contains "$W/load.err" '"children[1]/childs_name", "children[1]/childs_age", "children[2]/childs_name"' \
    "$f: the repeat's columns children[N]/... are named among the unused ones"

# -- KoboToolbox (kpi): ";" separated, Labels in English and Spanish, HXL row
for lang in en es; do
    f=kobotoolbox/kpi_labels_$lang.csv
    is "$(count $f)" 9 "$f: 9 answers (the HXL hashtag row is not a respondent)"
    is "$(q "SELECT a.number FROM answer a JOIN input_file f ON f.id = a.file_id WHERE f.path = '$f'
             AND a.question = 'What_kind_of_symmetry_do_you_have' AND a.respondent = '48583952-1892-4931-8d9c-869e7b49bafb'")" \
        "3.0" "$f: three options named by their $lang labels"
done
is "$(value kobotoolbox/kpi_labels_es.csv Do_you_have_body_flu_intracellular_space 48583952-1892-4931-8d9c-869e7b49bafb)" \
    "Sí, y algún espacio extracelular|1.0" "kpi_labels_es.csv: a Spanish option label with a comma"
is "$(value kobotoolbox/kpi_labels_en.csv Do_you_have_body_flu_intracellular_space 3f15cdfe-3eab-4678-8352-7806febf158d)" \
    "No / Unsure|0.0" "kpi_labels_en.csv: an option label with \"/\""
f=kobotoolbox/Quest_Test_xml_headers.xlsx
is "$(count $f)" 7 "$f (sheet = character_tasks): 7 answers"
is "$(q "SELECT group_concat(a.line || ':' || a.value, ' ') FROM answer a JOIN input_file f ON f.id = a.file_id WHERE f.path = '$f'")" \
    "2:3 3:1 4:3 5:4 6:3 7:3 9:3" "$f: each answer keeps its spreadsheet row"
f=kobotoolbox/Meeting_Form_xml_headers.xlsx
is "$(count $f)" 19 "$f (sheet = topics_discussed): 19 answers"
is "$(q "SELECT group_concat(a.respondent || ':' || a.number, ' ') FROM answer a JOIN input_file f ON f.id = a.file_id
         WHERE f.path = '$f' AND a.question = 'Discussion_rating'")" \
    "1:3.0 2:5.0 3:3.0 4:4.0 5:4.0 6:5.0 7:3.0 8:1.0" "$f: the ratings of a nested group, by _index"
is "$(value $f Topic_description 5)" "Reflected on past projects and experiences to identify areas for improvement.|NULL" \
    "$f: topics_discussed/topic_details/Topic_description"
f=kobotoolbox/Inventory_Form_xml_headers.xlsx
is "$(count $f)" 20 "$f (sheet = items): 20 answers"
is "$(value $f Item_amount 10)|$(value $f Item_name 10)" "20|20.0|staplers|NULL" \
    "$f: respondent _index 10 (not 1e+01), a repeat in a repeat in a group"
is "$(value $f Item_amount 2)" "100|100.0" "$f: a whole number as written"

# -- ODK Central and Briefcase
f=odk_central/select_many_split.csv
is "$(count $f)" 4 "$f: 4 answers"
is "$(value $f q2 one)" "x y z|3.0" "$f: a question in a group (g1-q2), KEY as respondent"
f=odk_central/review_rejected.csv
is "$(count $f)" 0 "$f: the rejected submission is left out"
contains "$W/load.err" "$f: warning: 1 submission with ReviewState = rejected left out (line 3)" \
    "$f: and reported"
is "$(value odk_briefcase/choice-lists.csv yet_another_string uuid:39f3dd36-161e-45cb-a1a4-395831d253a7)" \
    "CHOICE_1|1.0" "choice-lists.csv: Briefcase's group-question and split choices"
is "$(value odk_briefcase/all-data-types.csv some_decimal uuid:39f3dd36-161e-45cb-a1a4-395831d253a7)" \
    "123.456|123.456" "all-data-types.csv: a decimal"
f=odk_briefcase/choice-lists-randomize.csv
is "$(count $f)" 1 "$f: 1 answer"
is "$(value $f select_multiple uuid:39f3dd36-161e-47cb-a1a4-395831d253a7)" "a|1.0" \
    "$f: the select multiple's own column, its 1/0 columns beside it"
f=odk_briefcase/nested-repeats-g3.csv
is "$(count $f)" 5 "$f (a nested repeat's file): 5 answers"
is "$(value $f t3 'uuid:0a1b861f-a5fd-4f49-846a-78dcf06cfc1b/g1[3]/g2[1]/g3[2]')" "some text 3.1.2|NULL" \
    "$f: KEY of a repeat row as respondent"
grep -q "nested-repeats-g3.csv:1: warning" "$W/load.err"; is $? 1 "$f: PARENT_KEY and SET-OF-g3 are Briefcase's own columns"

# -- LimeSurvey: the same export with code and with full-text headings
for h in code full_text; do
    f=limesurvey/survey_998192_${h}_headings.csv
    is "$(count $f)" 9 "$f: 9 answers from the 2 complete responses"
    is "$(value $f education 9)" "secondary tertairy|2.0" "$f: multiple choice from its option columns"
    is "$(value $f personality_cons 9)" "2|2.0" "$f: an array's sub-question (personality[cons])"
    is "$(value $f pets_cats 1)" "40|40.0" "$f: a numbers array"
done
contains "$W/load.err" "limesurvey/survey_998192_full_text_headings.csv: warning: 5 incomplete responses (empty Date submitted) skipped (lines 3, 4, 5, 6, 7)" \
    "LimeSurvey: incomplete responses summarised in one line (full-text heading)"

# -- Google Forms
f=google_forms/GoogleDemoForm_Responses.xlsx
is "$(count $f)" 9 "$f: 9 answers"
is "$(value $f birthday 1)" "2002-05-08|NULL" "$f: a date cell as ISO 8601"
is "$(value $f Select_all 3)" "Option 1, Option 2, Option 3, Option 4|4.0" "$f: checkbox labels, comma separated"
f=google_forms/KoboTest_Responses_New.xlsx
is "$(count $f)" 11 "$f: 11 answers"
is "$(value $f scale 2)" "5|5.0" "$f: a linear scale number"
f=google_forms/Kobo_Test.csv
is "$(count $f)" 10 "$f: 10 answers"
is "$(value $f days 4)" "Sunday;Monday;Tuesday;Wednesday|4.0" "$f: ';' separated checkboxes"
f=google_forms/Filename_google.xlsx
is "$(count $f)" 10 "$f (sheet Sheet1): 10 answers"
is "$(value $f days 4)|$(value $f fruit 4)" "Sunday;Monday;Tuesday;Wednesday|4.0|banana|0.0" \
    "$f: ';' separated checkboxes and a select one"
f=google_forms/handmade_es_respuestas.csv
is "$(count $f)" 20 "$f (hand-made, Spanish locale): 20 answers"
is "$(value $f servicios 1)" "Pagos en línea, Citas, Visualización, Medicina|2.0" \
    "$f: the Other text in a checkbox cell is kept, not scored"
contains "$W/load.err" "$f: warning: 1 multiple-choice answer holds text that is no option, such as \"Visualización\"" \
    "$f: one warning names the unmatched item"
is "$(value $f presupuesto_ti 1)|$(value $f presupuesto_datos 1)" "Sí|1.0|No|0.0" \
    "$f: one title asked twice, mapped by column position"
is "$(value $f madurez_interop 2)" "2|2.0" "$f: a grid row \"Nivel de madurez [Interoperabilidad]\""
is "$(value $f tramites_pct 4)" "72,25|72.25" "$f: decimal comma (decimal = ,)"
is "$(value $f madurez_datos 2)" "" "$f: \"No sé\" (missing_codes) is not stored"
contains "$W/load.err" "$f: warning: 1 row without an institution (column \"Institución\" empty) skipped (line 4)" \
    "$f: a row without institution is skipped with a summary"

# -- hand-made encodings: all four give the same answers
for f in handmade/excel_unicode_text.txt handmade/windows1252_semicolon.csv \
         handmade/utf8_semicolon_decimal_comma.csv handmade/utf8_bom.csv; do
    is "$(q "SELECT group_concat(a.institution || ':' || a.question || '=' || a.number, ' ') FROM answer a
             JOIN input_file f ON f.id = a.file_id WHERE f.path = '$f'")" \
        "MINFIN:plan=1.0 MINFIN:tramites_pct=16.5 MINEDUC:plan=0.0 MINEDUC:tramites_pct=40.0" "$f: read"
done

# ---------------------------------------------------------------- settings
fresh() { cp indigo.good indigo.ini; rm -f exports.db; }
check() { "$INDIGO" -c indigo.ini check > "$W/out" 2> "$W/err"; }
section_set() {  # section_set SECTION KEY VALUE: add or replace a key
    python3 - "$1" "$2" "$3" <<'EOF'
import sys, re
sec, key, val = sys.argv[1:]
s = open('indigo.ini').read()
i = s.index('[survey.%s]' % sec) + len('[survey.%s]' % sec)
j = s.find('\n[', i); j = len(s) if j < 0 else j
body = re.sub(r'\n%s *=[^\n]*' % re.escape(key), '', s[i:j])
open('indigo.ini', 'w').write(s[:i] + '\n%s = %s' % (key, val) + body + s[j:])
EOF
}

fresh; section_set kobocat_xml other_columns error; check; is $? 65 "other_columns = error refuses the unused columns"
contains "$W/err" 'kobocat/transportation.csv:1:708: error: column transport/available_transportation_types_to_referral_facility_other (K): not a question of the TRANSPORT questionnaire (other_columns = error in [survey.kobocat_xml]' \
    "other_columns = error: each column named at its place, with the setting"

fresh; section_set kobocat_xml other_columns ignore; check; is $? 0 "other_columns = ignore"
grep -q "transportation.csv:1: warning" "$W/err"; is $? 1 "other_columns = ignore: no warning"

fresh; section_set kobocat_xml ignore_columns '*_other, transport/loop_over_transport_types_frequency/*'
check; is $? 0 "ignore_columns with glob patterns"
grep -q "transportation.csv:1: warning" "$W/err"; is $? 1 "ignore_columns patterns: the columns are skipped, no warning"

fresh; printf '# columns KoBoCAT adds\n*_other\n\ntransport/loop_over_transport_types_frequency/*\n' > skip.txt
section_set kobocat_xml ignore_columns_file skip.txt; check; is $? 0 "ignore_columns_file: a list over several lines"
grep -q "transportation.csv:1: warning" "$W/err"; is $? 1 "ignore_columns_file: the columns are skipped"

fresh; section_set kobocat_xml missing_codes ''; check; is $? 65 "missing_codes = (empty) in the survey overrides the framework's"
contains "$W/err" 'kobocat/transportation.csv:2:65: error: column transport/loop_over_transport_types_frequency/ambulance/frequency_to_referral_facility (L): ambulance.frequency_to_referral_facility: "n/a" is not a valid answer (expected one of: daily, weekly; if "n/a" means no answer, list it in missing_codes = in [survey.kobocat_xml] or in the framework)' \
    "n/a without missing_codes: the message names the setting"

fresh; section_set gforms_es empty_institution error; check; is $? 65 "empty_institution = error"
contains "$W/err" 'google_forms/handmade_es_respuestas.csv:4:22: error: column Institución (C): no institution (the cell is empty)' \
    "empty_institution = error: the row is an error"

fresh; sed -i '/^\[survey.gforms_es\]/,/^\[/{/^decimal = ,/d}' indigo.ini; check; is $? 65 "decimal commas without decimal = ,"
contains "$W/err" 'google_forms/handmade_es_respuestas.csv:2:108: error: column Porcentaje de trámites en línea (J): tramites_pct: "16,5" is not a valid answer (expected a percentage from 0 to 100; if the file writes decimal commas, set decimal = , in [survey.gforms_es])' \
    "the message names decimal = ,"

fresh; sed -i 's/^institution = ONA/institucion = ONA/' indigo.ini; check; is $? 65 "a misspelt key in [survey.*]"
contains "$W/err" 'error: unknown key "institucion" in [survey.kobocat_xml] (did you mean institution?' \
    "the nearest valid key is named"

fresh; section_set kobo_xlsx_repeat sheet tareas; check; is $? 65 "a sheet the workbook does not have"
contains "$W/err" 'kobotoolbox/Quest_Test_xml_headers.xlsx: error: no sheet "tareas" in the workbook (it has "Quest Test", "character_selection", "character_tasks"; set sheet = to one of them)' \
    "the sheets are listed"

fresh; section_set kobo_labels_en framework GFDEMO; check; is $? 65 "an export none of whose columns is a question"
contains "$W/err" 'kobotoolbox/kpi_labels_en.csv:1: error: none of the 19 columns is a question of the GFDEMO questionnaire (is it the right framework and export? in KoboToolbox choose "XML values and headers", or Labels in Spanish or English' \
    "the message says which export setting to choose"

# a cell holding a spreadsheet error: named as file.xlsx:Sheet!C3
fresh; python3 - <<'EOF'
import zipfile, re
src = 'google_forms/GoogleDemoForm_Responses.xlsx'
zin = zipfile.ZipFile(src); items = [(i, zin.read(i.filename)) for i in zin.infolist()]; zin.close()
with zipfile.ZipFile(src, 'w', zipfile.ZIP_DEFLATED) as z:
    for i, data in items:
        if i.filename == 'xl/worksheets/sheet1.xml':
            data = re.sub(rb'<c r="C3"([^>]*)>.*?</c>', b'<c r="C3" t="e"><v>#N/A</v></c>', data, flags=re.S)
        z.writestr(i, data)
EOF
check; is $? 65 "an .xlsx cell holding #N/A"
contains "$W/err" 'google_forms/GoogleDemoForm_Responses.xlsx:Form responses 1!C3: error: the cell holds the spreadsheet error #N/A' \
    "the cell is named as Sheet!C3"
cp -r "$SRC/tests/exports/google_forms/GoogleDemoForm_Responses.xlsx" google_forms/

# ODK Briefcase rows one field short (derived from the Central file: the
# last, empty FormVersion cut off)
fresh; sed -i '3s/,$//' odk_central/select_many_split.csv; check; is $? 0 "shape = odk: a row one field short loads"
contains "$W/err" 'odk_central/select_many_split.csv: warning: 1 row had fewer fields than the header, as ODK Briefcase writes them; the missing last fields were read as empty (line 3)' \
    "and is reported once"
section_set central_split shape kobo; check; is $? 65 "shape = kobo: the short row is an error"
contains "$W/err" "odk_central/select_many_split.csv:3: error: expected 19 fields, found 18" "with its line"
grep -q "no data rows" "$W/err"; is $? 1 "and no false 'no data rows' warning"
cp "$SRC/tests/exports/odk_central/select_many_split.csv" odk_central/

tap_done
