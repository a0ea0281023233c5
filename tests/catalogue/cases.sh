# cases.sh — the bad-input catalogue.  Each line:
#   bad NAME STATUS 'EXPECTED LINE' 'MUTATION'
# MUTATION runs in a fresh copy of base/ (files: indigo.ini, instituciones.csv,
# respuestas.csv, fw/{framework.ini,nodes.csv,questions.csv,options.csv});
# `indigo run` must then exit STATUS, print EXPECTED LINE on stderr (exactly,
# as one whole line), and leave the database and reports/ byte-identical.
# `good NAME 'MUTATION' 'SQL' 'EXPECTED'` cases must succeed and the SQL on
# the database must print EXPECTED.

# ---- CSV syntax and encodings -------------------------------------------
bad unterminated-quote 65 'respuestas.csv:8: error: unterminated quoted field (opened at line 8, column 9)' \
    "sed -i '8s/,30,/,\"30,/' respuestas.csv"
bad wrong-field-count 65 'respuestas.csv:4: error: expected 5 fields, found 3' \
    "sed -i '4s/.*/MINA,Q3,120/' respuestas.csv"
bad nul-byte 65 'respuestas.csv:3:8: error: NUL byte in the file (expected CSV text, not a binary file)' \
    "printf 'institution,question,value,respondent,evidence\nMINA,Q1,si,r1,\nMINA,Q2\0,4,r1,\n' > respuestas.csv"
bad latin1-without-encoding 65 'respuestas.csv:2:10: error: invalid UTF-8 byte 0xF3 (the file is not UTF-8; set encoding = ... in its [survey.respuestas] section, e.g. windows-1252)' \
    "printf 'institution,question,value,respondent,evidence\nMINA,Q1,s\xf3,r1,\n' > respuestas.csv"
bad utf16-file 65 'respuestas.csv:1:1: error: the file is UTF-16 (little-endian) (it starts with the byte-order mark FF FE); set encoding = UTF-16 in its [survey.respuestas] section or save it as UTF-8' \
    "iconv -f UTF-8 -t UTF-16 respuestas.csv > r16 && mv r16 respuestas.csv"
bad huge-field 65 'respuestas.csv:2:9: error: field longer than 1048576 bytes' \
    "/usr/bin/python3 -c \"import sys; sys.stdout.write('institution,question,value,respondent,evidence\nMINA,Q4,' + '9'*2000000 + ',r1,\n')\" > respuestas.csv"
bad empty-survey 65 'respuestas.csv: error: the file is empty (expected a header line)' \
    ": > respuestas.csv"
bad missing-survey 66 'respuestas.csv: error: cannot read survey file: No such file or directory (named in [survey.respuestas] of indigo.ini)' \
    "rm respuestas.csv"
bad xlsx-instead-of-csv 65 'respuestas.csv: error: this is a ZIP file (an .xlsx workbook?), not CSV text (export the sheet as "CSV UTF-8")' \
    "printf 'PK\003\004\024\000\000\000' > respuestas.csv"
# ---- values ---------------------------------------------------------------
bad unknown-institution 65 'respuestas.csv:2:1: error: column institution (A): unknown institution "MINZ" (not in instituciones.csv)' \
    "sed -i '2s/^MINA/MINZ/' respuestas.csv"
bad institution-case 65 'respuestas.csv:2:1: error: column institution (A): unknown institution "Mina" (did you mean MINA?)' \
    "sed -i '2s/^MINA/Mina/' respuestas.csv"
bad unknown-question 65 'respuestas.csv:2:6: error: column question (B): unknown question "Q9" (not in the CAT questionnaire)' \
    "sed -i '2s/,Q1,/,Q9,/' respuestas.csv"
bad likert-out-of-scale 65 'respuestas.csv:3:9: error: column value (C): Q2: "7" is not a valid answer (expected a whole number from 1 to 5)' \
    "sed -i '3s/,4,/,7,/' respuestas.csv"
bad percent-over-100 65 'respuestas.csv:5:9: error: column value (C): Q4: "150" is not a valid answer (expected a percentage from 0 to 100)' \
    "sed -i '5s/,75.5,/,150,/' respuestas.csv"
bad number-overflow-1e400 65 'respuestas.csv:4:9: error: column value (C): Q3: "1e400" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,1e400,/' respuestas.csv"
bad number-nan 65 'respuestas.csv:4:9: error: column value (C): Q3: "NaN" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,NaN,/' respuestas.csv"
bad number-infinity 65 'respuestas.csv:4:9: error: column value (C): Q3: "inf" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,inf,/' respuestas.csv"
bad number-negative 65 'respuestas.csv:4:9: error: column value (C): Q3: "-5" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,-5,/' respuestas.csv"
bad yesno-unknown 65 'respuestas.csv:2:9: error: column value (C): Q1: "quizás" is not a valid answer (expected sí or no (also yes/no, 1/0, true/false, verdadero/falso))' \
    "sed -i '2s/,si,/,quizás,/' respuestas.csv"
bad formula-as-number 65 'respuestas.csv:4:9: error: column value (C): Q3: "=1+1" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,=1+1,/' respuestas.csv"
bad decimal-comma-unannounced 65 'respuestas.csv:5:9: error: column value (C): Q4: "75,5" is not a valid answer (expected a percentage from 0 to 100; if the file writes decimal commas, set decimal = , in [survey.respuestas])' \
    "sed -i '5s/,75.5,/,\"75,5\",/' respuestas.csv"
bad many-errors-listed 65 'respuestas.csv:2:6: error: column question (B): unknown question "Q9" (not in the CAT questionnaire)' \
    "sed -i 's/,Q1,/,Q9,/; s/,Q2,[0-9]/,Q2,9/' respuestas.csv"
# ---- registry ---------------------------------------------------------------
bad code-with-slash 65 'instituciones.csv:3:1: error: institution code "MIN/B" cannot be used (it contains "/"; codes become file names: expected 1 to 32 letters, digits, _ or -)' \
    "sed -i 's#^MINB,#MIN/B,#' instituciones.csv"
bad code-dotdot 65 'instituciones.csv:3:1: error: institution code ".." cannot be used (it contains "."; codes become file names: expected 1 to 32 letters, digits, _ or -)' \
    "sed -i 's#^MINB,#..,#' instituciones.csv"
bad codes-differ-in-case 65 'instituciones.csv:5:1: error: institution code "mina" differs only in case from "MINA" at line 2 (codes become file names, which may ignore case)' \
    "echo 'mina,Otra,Other,Ministerio,1' >> instituciones.csv"
bad registry-missing-name 65 'instituciones.csv:3:6: error: institution MINB has no name_es' \
    "sed -i 's/^MINB,Ministerio de Economía,/MINB,,/' instituciones.csv"
bad registry-bad-weight 65 'instituciones.csv:3:60: error: weight "-1" of MINB is not a valid weight (expected a number > 0 and at most 1e12)' \
    "sed -i 's/^MINB,\(.*\),1$/MINB,\1,-1/' instituciones.csv"
bad registry-bad-ranked 65 'instituciones.csv:3:62: error: ranked "talvez" of MINB is not si or no (expected si: the institution is ranked, the default when blank; no: it is scored and published but gets no rank and is left out of the national figure)' \
    "sed -i '1s/$/,ranked/; 2s/$/,/; 3s/$/,talvez/; 4s/$/,/' instituciones.csv"
# ---- frameworks -------------------------------------------------------------
bad weight-zero-siblings 65 'fw/nodes.csv:2: error: the weights of the children of "CAT" sum to 0 (expected a positive total)' \
    "sed -i 's/^P1,CAT,Gobernanza,Governance,2/P1,CAT,Gobernanza,Governance,0/; s/^P2,CAT,Servicios,Services,1/P2,CAT,Servicios,Services,0/' fw/nodes.csv"
bad weight-negative 65 'fw/nodes.csv:5:51: error: weight -1 is not positive (expected a number greater than 0)' \
    "sed -i 's/^I1,P1,Plan digital aprobado,Approved digital plan,1/I1,P1,Plan digital aprobado,Approved digital plan,-1/' fw/nodes.csv"
bad weight-nan 65 'fw/nodes.csv:6:38: error: weight "NaN" is not a number (expected a positive number such as 1 or 0.25)' \
    "sed -i 's/^I2,P1,Madurez de datos,Data maturity,1/I2,P1,Madurez de datos,Data maturity,NaN/' fw/nodes.csv"
bad empty-framework 65 'fw/nodes.csv: error: no nodes (expected the index, its pillars and at least one indicator)' \
    "head -1 fw/nodes.csv > n && mv n fw/nodes.csv"
bad codes-differ-in-accents 65 'fw/nodes.csv:9: error: code "ÍNDICE" is the same as "INDICE" at line 2 apart from case or accents (expected codes that differ by more than case or accents)' \
    "echo 'ÍNDICE,CAT,Otro,Other,1,,,,,' >> fw/nodes.csv && sed -i 's/^CAT,/INDICE,/; s/,CAT,/,INDICE,/' fw/nodes.csv"
bad unknown-parent 65 'fw/nodes.csv:8: error: parent "P7" of "I4" is not a node code (expected a code of nodes.csv)' \
    "sed -i 's/^I4,P2,/I4,P7,/' fw/nodes.csv"
bad cycle 65 'fw/nodes.csv:4: error: "P2" is its own ancestor: P2 -> I4 -> P2 (expected every chain of parents to end at the root)' \
    "sed -i 's/^P2,CAT,/P2,I4,/' fw/nodes.csv"
bad framework-bom 65 'fw/framework.ini:1:1: error: file starts with a UTF-8 byte-order mark (save it as UTF-8 without BOM)' \
    "printf '\xef\xbb\xbf' | cat - fw/framework.ini > f && mv f fw/framework.ini"
bad thresholds-out-of-order 65 'fw/framework.ini:25: error: [maturity] threshold 40 is not above the one before it, 70 (expected strictly increasing thresholds)' \
    "sed -i 's/^thresholds = 40, 70/thresholds = 70, 40/' fw/framework.ini"
bad ini-line-too-long 65 'fw/framework.ini:26: error: line is 1110 bytes long (at most 1022 bytes per line)' \
    "/usr/bin/python3 -c \"print('name_en = ' + 'x'*1100)\" >> fw/framework.ini"
bad question-read-by-nobody 65 'fw/questions.csv:6: error: question "Q5" is read by no indicator (expected an indicator with question = Q5 in nodes.csv, or type texto for evidence)' \
    "echo 'Q5,¿Otra?,Other?,si_no,no' >> fw/questions.csv"
# ---- config -------------------------------------------------------------------
bad config-unknown-shape 65 'indigo.ini:26: error: [survey.respuestas] unknown shape "excel" (expected kobo, odk, limesurvey, gforms, long, admin or wide)' \
    "sed -i 's/^shape = long/shape = excel/' indigo.ini"
bad config-bad-year 65 'indigo.ini:3: error: [round] year = "20x6" is not a whole number (expected a year such as 2026)' \
    "sed -i '0,/^year = 2026/s//year = 20x6/' indigo.ini"
bad config-unknown-section 65 'indigo.ini:27: error: unknown section [surveys] (did you mean [survey.NAME]? expected round, paths, registry, frameworks, frameworks.YEAR, output, publisher, uncertainty or survey.NAME)' \
    "echo '[surveys]' >> indigo.ini"
bad config-bad-separator 65 'indigo.ini:27: error: [survey.respuestas] separator = "|" (expected , ; tab or auto)' \
    "echo 'separator = |' >> indigo.ini"
bad config-unknown-framework 65 'indigo.ini:22: error: [survey.respuestas] framework = XYZ is not one of [frameworks] list' \
    "sed -i 's/^framework = CAT/framework = XYZ/' indigo.ini"
# framework = A, B (one file feeding several frameworks; fw2 is a copy of fw as CA2)
bad config-unknown-framework-in-list 65 'indigo.ini:24:18: error: [survey.respuestas] framework = CAT, XYZ: XYZ is not the code of a framework of [frameworks] list (expected codes among CAT, separated by commas)' \
    "sed -i 's/^framework = CAT/framework = CAT, XYZ/' indigo.ini"
bad config-framework-listed-twice 65 'indigo.ini:24:18: error: [survey.respuestas] framework lists cat twice (expected each framework once: the file'"'"'s answers would count twice)' \
    "sed -i 's/^framework = CAT/framework = CAT, cat/' indigo.ini"
bad multi-framework-unknown-question 65 'respuestas.csv:2:6: error: column question (B): unknown question "Q9" (not in the CAT/CA2 questionnaire)' \
    "cp -r fw fw2 && sed -i 's/^code        = CAT/code        = CA2/' fw2/framework.ini && sed -i 's/^list = cat\$/list = cat, ca2\nca2 = fw2/; s/^framework = CAT\$/framework = CAT, CA2/' indigo.ini && sed -i '2s/,Q1,/,Q9,/' respuestas.csv"
bad config-unknown-licence 65 'indigo.ini:18: error: [output] licence = "CC-BY-NC-4.0" (expected CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0, ODbL-1.0 or PDDL-1.0)' \
    "sed -i 's/^languages = es$/languages = es\\nlicence = CC-BY-NC-4.0/' indigo.ini"
# ---- numeric extremes (issue 17): refused when read, with the range ----------
bad node-weight-1e29 65 'fw/nodes.csv:4:27: error: weight 1e29 is out of range (expected a number above 0 and at most 1000000: weights count relative to their siblings)' \
    "sed -i 's/^P2,CAT,Servicios,Services,1/P2,CAT,Servicios,Services,1e29/' fw/nodes.csv"
bad scale-max-1e40 65 'fw/framework.ini:7: error: [index] scale_max = 1e40 is out of range (expected a number from -1000000 to 1000000 such as 100)' \
    "sed -i 's/^scale_max   = 100/scale_max   = 1e40/' fw/framework.ini"
bad normalise-upper-1e40 65 'fw/framework.ini:18: error: [normalise] upper = 1e40 is out of range (expected a number from -1000000 to 1000000 such as 100)' \
    "sed -i 's/^method = goalposts/method = goalposts\nupper = 1e40/' fw/framework.ini"
bad threads-negative 65 'indigo.ini:21: error: [uncertainty] threads = -3 is out of range (expected a whole number from 0 (one per core) to 256)' \
    "sed -i 's/^runs = 50/runs = 50\nthreads = -3/' indigo.ini"
bad runs-too-many 65 'indigo.ini:20: error: [uncertainty] runs = 99999999 is out of range (expected a whole number from 0 to 10000000)' \
    "sed -i 's/^runs = 50/runs = 99999999/' indigo.ini"
bad runs-past-any-integer 65 'indigo.ini:20: error: [uncertainty] runs = 99999999999999999999 is out of range (expected a whole number from 0 to 10000000)' \
    "sed -i 's/^runs = 50/runs = 99999999999999999999/' indigo.ini"
bad weight-noise-one 65 'indigo.ini:21: error: [uncertainty] weight_noise = 1 is out of range (expected a fraction in [0, 1))' \
    "sed -i 's/^runs = 50/runs = 50\nweight_noise = 1/' indigo.ini"
bad seed-negative 65 'indigo.ini:21: error: [uncertainty] seed = "-1" (expected a whole number from 0 to 18446744073709551615)' \
    "sed -i 's/^runs = 50/runs = 50\nseed = -1/' indigo.ini"
bad survey-year-five-digits 65 'indigo.ini:25: error: [survey.respuestas] year = 20260 is out of range (expected a year such as 2026)' \
    "sed -i '25s/^year = 2026/year = 20260/' indigo.ini"
bad registry-weight-1e300 65 'instituciones.csv:3:60: error: weight "1e300" of MINB is not a valid weight (expected a number > 0 and at most 1e12)' \
    "sed -i 's/^MINB,\(.*\),1$/MINB,\1,1e300/' instituciones.csv"
bad goalpost-upper-1e300 65 'fw/nodes.csv:7:50: error: upper 1e300 is out of range (expected a number from -1e15 to 1e15)' \
    "sed -i 's/^I3,P2,Trámites en línea,Online procedures,1,Q3,0,200,/I3,P2,Trámites en línea,Online procedures,1,Q3,0,1e300,/' fw/nodes.csv"
bad winmax-not-whole 65 'fw/framework.ini:17: error: [treat] winmax = "2.5" is not a whole number (expected a count from 0 to 1000 such as 5)' \
    "sed -i 's/^method = zero/method = zero\n\n[treat]\nwinmax = 2.5/' fw/framework.ini && sed -i 's/^order = score, impute, normalise, aggregate/order = score, impute, treat, normalise, aggregate/' fw/framework.ini"
bad aggregate-threshold-negative 65 'fw/framework.ini:21: error: [aggregate] threshold_2 = -0.5 is out of range (expected a fraction between 0 and 1)' \
    "sed -i 's/^method = arithmetic/method = arithmetic\nthreshold_2 = -0.5/' fw/framework.ini"
# ---- typos in every section: never silently ignored ----------------------------
bad typo-round-dmeo 65 'indigo.ini:4: error: unknown key "dmeo" in [round] (did you mean demo? expected year, demo, compare_with, title_es, title_en)' \
    "sed -i 's/^demo = true/dmeo = true/' indigo.ini"
bad typo-paths-ouptut 65 'indigo.ini:8: error: unknown key "ouptut" in [paths] (did you mean output? expected database, output, institutions, base)' \
    "sed -i 's/^output = reports/ouptut = reports/' indigo.ini"
bad typo-registry-key 65 'indigo.ini:12: error: unknown key "encodng" in [registry] (did you mean encoding? expected code, name_es, name_en, group, weight, group_en, ranked, encoding)' \
    "sed -i 's/^\[frameworks\]/[registry]\nencodng = windows-1252\n\n[frameworks]/' indigo.ini"
bad typo-frameworks-name 65 'indigo.ini:13: error: unknown key "cta" in [frameworks] (did you mean cat? expected list, NAME (a framework of list))' \
    "sed -i 's/^cat = fw/cta = fw/' indigo.ini"
bad typo-output-license 65 'indigo.ini:18: error: unknown key "license" in [output] (did you mean licence? expected language, languages, licence)' \
    "sed -i 's/^languages = es/languages = es\nlicense = CC0-1.0/' indigo.ini"
bad typo-uncertainty-seeed 65 'indigo.ini:21: error: unknown key "seeed" in [uncertainty] (did you mean seed? expected runs, seed, weight_noise, threads)' \
    "sed -i 's/^runs = 50/runs = 50\nseeed = 7/' indigo.ini"
bad typo-survey-encodng 65 'indigo.ini:27: error: unknown key "encodng" in [survey.respuestas] (did you mean encoding? expected file, framework, year, shape, encoding, separator, decimal, mapping, institution_column, respondent_column, official_column, ignore_columns, allow_empty, ignore_columns_file, other_columns, missing_codes, institution, sheet, empty_institution, columns, other_years)' \
    "sed -i 's/^shape = long/shape = long\nencodng = windows-1252/' indigo.ini"
bad key-in-wrong-section 65 'indigo.ini:5: error: unknown key "licence" in [round] (it belongs in [output]; expected year, demo, compare_with, title_es, title_en)' \
    "sed -i 's/^demo = true/demo = true\nlicence = CC0-1.0/' indigo.ini"
bad key-outside-sections 65 'indigo.ini:1: error: key "year" is outside any section (expected it under a [section] header)' \
    "sed -i '1s/^/year = 2025\n/' indigo.ini"
bad key-set-twice 65 'indigo.ini:5: error: [round] demo is set twice, here and at line 4 (expected each key once: only the last one would count)' \
    "sed -i 's/^demo = true/demo = true\ndemo = false/' indigo.ini"
bad section-twice 65 'indigo.ini:28: error: [round] appears twice, here and at line 2 (expected each section once, with all its keys)' \
    "printf '\n[round]\ntitle_es = Otra\n' >> indigo.ini"
bad typo-section-rund 65 'indigo.ini:2: error: unknown section [rund] (did you mean [round]? expected round, paths, registry, frameworks, frameworks.YEAR, output, publisher, uncertainty or survey.NAME)' \
    "sed -i 's/^\[round\]/[rund]/' indigo.ini"
bad typo-framework-index 65 'fw/framework.ini:7: error: unknown key "scal_max" in [index] (did you mean scale_max? expected code, name_es, name_en, scale_min, scale_max, respondents, axes_es, axes_en, axis_names_en, source, missing_codes, missing_evidence, description_es, description_en)' \
    "sed -i 's/^scale_max   = 100/scal_max    = 100/' fw/framework.ini"
bad typo-framework-normalise 65 'fw/framework.ini:17: error: unknown key "mehtod" in [normalise] (did you mean method? expected lower, method, upper)' \
    "sed -i 's/^method = goalposts/mehtod = goalposts/' fw/framework.ini"
bad typo-framework-maturity 65 'fw/framework.ini:25: error: unknown key "treshold" in [maturity] (did you mean thresholds? expected levels_es, levels_en, thresholds, boundary)' \
    "sed -i 's/^thresholds = 40, 70/treshold = 40, 70/' fw/framework.ini"
bad typo-framework-steps 65 'fw/framework.ini:11: error: unknown key "ordr" in [steps] (did you mean order? expected order)' \
    "sed -i 's/^order = /ordr = /' fw/framework.ini"
# ---- pipes and special files ------------------------------------------------------
bad survey-dev-zero 66 '/dev/zero: error: cannot read survey file: it is a character device, not a file or a pipe (named in [survey.respuestas] of indigo.ini)' \
    "sed -i 's#^file = respuestas.csv#file = /dev/zero#' indigo.ini"
bad survey-directory 66 'fw: error: cannot read survey file: it is a directory, not a file (named in [survey.respuestas] of indigo.ini)' \
    "sed -i 's#^file = respuestas.csv#file = fw#' indigo.ini"
bad survey-symlink-loop 66 'loop1: error: cannot read survey file: Too many levels of symbolic links (named in [survey.respuestas] of indigo.ini)' \
    "ln -s loop1 loop2 && ln -s loop2 loop1 && sed -i 's#^file = respuestas.csv#file = loop1#' indigo.ini"
bad registry-directory 66 'instituciones.csv: error: cannot read the registry of institutions: it is a directory, not a file (named in [paths] institutions of indigo.ini)' \
    "rm instituciones.csv && mkdir instituciones.csv"
bad nodes-dev-null 66 'fw/nodes.csv: error: cannot read: it is a character device, not a file or a pipe' \
    "rm fw/nodes.csv && ln -s /dev/null fw/nodes.csv"
bad config-directory 66 'indigo.ini: error: cannot read: it is a directory, not a file' \
    "rm indigo.ini && mkdir indigo.ini"
# ---- control characters in every text field ---------------------------------------
bad control-registry-name-es 65 'instituciones.csv:3:19: error: control character U+000B (vertical tab) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/^MINB,Ministerio de Economía,/MINB,Ministerio de\x0bEconomía,/' instituciones.csv"
bad control-registry-name-en 65 'instituciones.csv:3:40: error: control character U+000C (form feed) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/,Ministry of Economy,/,Ministry of\x0cEconomy,/' instituciones.csv"
bad control-registry-group 65 'instituciones.csv:3:57: error: control character U+FFFE (a noncharacter) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/^MINB,\(.*\),Ministerio,1$/MINB,\1,Minister\xef\xbf\xbeio,1/' instituciones.csv"
bad control-node-name 65 'fw/nodes.csv:3:13: error: control character U+001B (escape) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/,Gobernanza,/,Gober\x1bnanza,/' fw/nodes.csv"
bad control-recommendation 65 'fw/nodes.csv:5:73: error: control character U+0007 (bell) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/Apruebe un plan digital./Apruebe un plan\x07 digital./' fw/nodes.csv"
bad control-question-text 65 'fw/questions.csv:4:13: error: control character U+FFFF (a noncharacter) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/^Q3,Número de trámites/Q3,Número de\xef\xbf\xbf trámites/' fw/questions.csv"
bad control-survey-evidence 65 'respuestas.csv:2:23: error: control character U+000B (vertical tab) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i '2s/,r1,$/,r1,http:\/\/x\x0b/' respuestas.csv"
bad control-survey-respondent 65 'respuestas.csv:3:12: error: control character U+0001 (start of heading) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i '3s/,r1,/,r\x011,/' respuestas.csv"
bad control-config-title 65 'indigo.ini:5:19: error: control character U+000B (vertical tab) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/^demo = true/demo = true\ntitle_es = Índices\x0b 2026/' indigo.ini"
bad control-framework-name 65 'fw/framework.ini:4:21: error: control character U+000C (form feed) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/^name_es     = Índice del catálogo/name_es     = Índice\x0c del catálogo/' fw/framework.ini"
bad control-c1-registry 65 'instituciones.csv:2:27: error: control character U+0085 (a C1 control code) in the text (expected text without control characters: remove it or replace it with a space)' \
    "sed -i 's/^MINA,Ministerio de Educación/MINA,Ministerio de Educaci\xc2\x85n/' instituciones.csv"
# ---- the same survey twice, by path and by content ---------------------------------
bad survey-twice-dot-slash 65 'indigo.ini:28: error: [survey.otra] reads ./respuestas.csv, the same file as respuestas.csv of [survey.respuestas] (expected each file once: its answers would count twice)' \
    "printf '\n[survey.otra]\nfile = ./respuestas.csv\nframework = CAT\nyear = 2026\nshape = long\n' >> indigo.ini"
bad survey-twice-symlink 65 'indigo.ini:28: error: [survey.otra] reads enlace.csv, the same file as respuestas.csv of [survey.respuestas] (expected each file once: its answers would count twice)' \
    "ln -s respuestas.csv enlace.csv && printf '\n[survey.otra]\nfile = enlace.csv\nframework = CAT\nyear = 2026\nshape = long\n' >> indigo.ini"
bad survey-twice-same-content 65 'copia.csv: error: the file has the same content as respuestas.csv of [survey.respuestas] (SHA-256 dd01a2750d1f90c9...; expected each file once: its answers would count twice)' \
    "cp respuestas.csv copia.csv && printf '\n[survey.otra]\nfile = copia.csv\nframework = CAT\nyear = 2026\nshape = long\n' >> indigo.ini"
# ---- empty and header-only files ---------------------------------------------------
bad survey-header-only 65 'respuestas.csv: error: the file has a header but no rows (expected answers; loading it would leave the round no answers from this file: set allow_empty = yes in its [survey.respuestas] section if that is meant)' \
    "head -1 respuestas.csv > r && mv r respuestas.csv"
bad registry-header-only 65 'instituciones.csv: error: no institutions (the file has only a header)' \
    "head -1 instituciones.csv > r && mv r instituciones.csv"
bad nodes-empty 65 'fw/nodes.csv: error: the file is empty (expected a header row: code, parent, name_es, name_en, weight, aggregation, question, denominator, scale_factor, direction, normalisation, lower, upper, target, evidence, axis, source, recommendation_es, recommendation_en, missing_evidence)' \
    ": > fw/nodes.csv"
bad config-empty 65 'indigo.ini: error: [round] needs year = ...' \
    ": > indigo.ini"
bad framework-ini-empty 65 'fw/framework.ini: error: [index] code is missing (expected e.g. code = IGD)' \
    ": > fw/framework.ini"
bad survey-blank-lines-only 65 'respuestas.csv: error: the file is empty (expected a header line)' \
    "printf '\n\n\n' > respuestas.csv"
# ---- every encoding ----------------------------------------------------------------
bad survey-utf16be-bom 65 'respuestas.csv:1:1: error: the file is UTF-16 (big-endian) (it starts with the byte-order mark FE FF); set encoding = UTF-16 in its [survey.respuestas] section or save it as UTF-8' \
    "iconv -f UTF-8 -t UTF-16BE respuestas.csv > r && printf '\xfe\xff' | cat - r > respuestas.csv"
bad survey-utf32 65 'respuestas.csv:1:1: error: the file is UTF-32 (little-endian) (it starts with the byte-order mark FF FE 00 00); set encoding = UTF-32 in its [survey.respuestas] section or save it as UTF-8' \
    "iconv -f UTF-8 -t UTF-32 respuestas.csv > r && mv r respuestas.csv"
bad survey-utf16le-no-bom 65 'respuestas.csv:1:1: error: the file is UTF-16 (little-endian) without a byte-order mark (a zero byte beside each letter); set encoding = UTF-16LE in its [survey.respuestas] section or save it as UTF-8' \
    "iconv -f UTF-8 -t UTF-16LE respuestas.csv > r && mv r respuestas.csv"
bad registry-utf16 65 'instituciones.csv:1:1: error: the file is UTF-16 (little-endian) (it starts with the byte-order mark FF FE); set encoding = UTF-16 in its [registry] section or save it as UTF-8' \
    "iconv -f UTF-8 -t UTF-16 instituciones.csv > r && mv r instituciones.csv"
bad nodes-utf16 65 'fw/nodes.csv:1:1: error: the file is UTF-16 (little-endian) (it starts with the byte-order mark FF FE); save it as UTF-8' \
    "iconv -f UTF-8 -t UTF-16 fw/nodes.csv > r && mv r fw/nodes.csv"
bad registry-encoding-unknown 65 'indigo.ini:12: error: [registry] encoding = "klingon-8" is not an encoding iconv knows (expected e.g. windows-1252, ISO-8859-1, UTF-16 or UTF-32)' \
    "sed -i 's/^\[frameworks\]/[registry]\nencoding = klingon-8\n\n[frameworks]/' indigo.ini"
bad survey-encoding-unknown 65 'indigo.ini:27: error: [survey.respuestas] encoding = "klingon-8" is not an encoding iconv knows (expected e.g. windows-1252, ISO-8859-1, UTF-16 or UTF-32)' \
    "sed -i 's/^shape = long/shape = long\nencoding = klingon-8/' indigo.ini"
bad config-utf16 65 'indigo.ini:1:1: error: the file is UTF-16 (little-endian) (it starts with the byte-order mark FF FE); save it as UTF-8' \
    "iconv -f UTF-8 -t UTF-16 indigo.ini > r && mv r indigo.ini"
bad registry-latin1-undeclared 65 'instituciones.csv:2:27: error: invalid UTF-8 byte 0xF3 (the file is not UTF-8; set encoding = ... in its [registry] section, e.g. windows-1252)' \
    "iconv -f UTF-8 -t WINDOWS-1252 instituciones.csv > r && mv r instituciones.csv"
# ---- codes that become file names --------------------------------------------------
bad code-windows-con 65 'instituciones.csv:4:1: error: institution code "CON" cannot be used (CON is a device name on Windows; codes become file names: expected 1 to 32 letters, digits, _ or -)' \
    "sed -i 's/^SECC,/CON,/; s/^SECC,/CON,/' instituciones.csv && sed -i 's/^SECC,/CON,/' respuestas.csv"
bad code-windows-com1 65 'instituciones.csv:4:1: error: institution code "com1" cannot be used (com1 is a device name on Windows; codes become file names: expected 1 to 32 letters, digits, _ or -)' \
    "sed -i 's/^SECC,/com1,/' instituciones.csv && sed -i 's/^SECC,/com1,/' respuestas.csv"
bad code-windows-lpt9 65 'instituciones.csv:4:1: error: institution code "LPT9" cannot be used (LPT9 is a device name on Windows; codes become file names: expected 1 to 32 letters, digits, _ or -)' \
    "sed -i 's/^SECC,/LPT9,/' instituciones.csv && sed -i 's/^SECC,/LPT9,/' respuestas.csv"
# ---- [publisher] -------------------------------------------------------------
bad publisher-logo-missing 66 'indigo.ini:29: error: [publisher] logo = logo.png: No such file or directory (expected a PNG file)' \
    "printf '[publisher]\nname_es = Municipalidad\nlogo = logo.png\n' >> indigo.ini"
bad publisher-logo-not-png 65 'indigo.ini:28: error: [publisher] logo = logo.png is not a PNG image (expected a .png file; convert other formats first)' \
    "printf 'GIF89a\001\000\001\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' > logo.png && printf '[publisher]\nlogo = logo.png\n' >> indigo.ini"
bad publisher-logo-too-wide 65 'indigo.ini:28: error: [publisher] logo = logo.png is 5000 x 10 pixels (expected 1 to 4000 on each side)' \
    "printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\023\210\000\000\000\012\010\002\000\000\000' > logo.png && printf '[publisher]\nlogo = logo.png\n' >> indigo.ini"
bad publisher-unit-without-plural 65 'indigo.ini:28: error: [publisher] unit_es without units_es (expected both the singular and the plural, e.g. unit_es = municipio, units_es = municipios)' \
    "printf '[publisher]\nunit_es = municipio\n' >> indigo.ini"
bad publisher-bad-decimals 65 'indigo.ini:28: error: [publisher] decimals = "1.5" is not a whole number (expected a whole number from 0 to 6, or no key for the decimals of each framework'"'"'s scale)' \
    "printf '[publisher]\ndecimals = 1.5\n' >> indigo.ini"
bad publisher-unknown-key 65 'indigo.ini:28: error: unknown key "nombre" in [publisher] (expected name_es, name_en, country_es, country_en, logo, unit_es, units_es, unit_en, units_en, gender_es, decimals)' \
    "printf '[publisher]\nnombre = GAE\n' >> indigo.ini"
bad publisher-country-without-name 65 'indigo.ini:27: error: [publisher] needs name_es = ... (the publisher'"'"'s name; name_en and the country are shown beside it)' \
    "printf '[publisher]\ncountry_es = Guatemala\n' >> indigo.ini"
# ---- accepted oddities ------------------------------------------------------
good negative-zero "sed -i '4s/,120,/,-0,/' respuestas.csv" \
    "SELECT printf('%g', number) FROM answer WHERE institution='MINA' AND question='Q3'" '0'
good formula-text-kept-as-text "sed -i '2s/,r1,$/,r1,=HYPERLINK(\"http:\/\/x\")/' respuestas.csv" \
    "SELECT evidence FROM answer WHERE institution='MINA' AND question='Q1'" '=HYPERLINK("http://x")'
good crlf-bom-semicolon "printf '\xef\xbb\xbf' > r && sed 's/,/;/g; s/\$/\r/' respuestas.csv >> r && mv r respuestas.csv" \
    "SELECT count(*) FROM answer" '12'
good survey-header-only-allowed "head -1 respuestas.csv > r && mv r respuestas.csv && sed -i 's/^shape = long/shape = long\nallow_empty = yes/' indigo.ini" \
    "SELECT count(*) FROM answer" '0'
good survey-through-a-fifo "mkfifo tubo && (cat respuestas.csv > tubo &) && sed -i 's/^file = respuestas.csv/file = tubo/' indigo.ini" \
    "SELECT count(*) || ' ' || (SELECT sha256 FROM input_file) FROM answer" '12 dd01a2750d1f90c9f05447bf0c26728a9f846059d08d37d25a6831673d25a7a9'
good registry-windows-1252-declared "iconv -f UTF-8 -t WINDOWS-1252 instituciones.csv > r && mv r instituciones.csv && sed -i 's/^\[frameworks\]/[registry]\nencoding = windows-1252\n\n[frameworks]/' indigo.ini" \
    "SELECT name_es FROM institution WHERE code = 'MINB'" 'Ministerio de Economía'
good survey-utf16be-declared "iconv -f UTF-8 -t UTF-16BE respuestas.csv > r && printf '\xfe\xff' | cat - r > respuestas.csv && sed -i 's/^shape = long/shape = long\nencoding = UTF-16/' indigo.ini" \
    "SELECT count(*) FROM answer" '12'
good survey-utf32-declared "iconv -f UTF-8 -t UTF-32 respuestas.csv > r && mv r respuestas.csv && sed -i 's/^shape = long/shape = long\nencoding = UTF-32/' indigo.ini" \
    "SELECT count(*) FROM answer" '12'
good windows-1252-declared "sed -i 's/,si,r1,\$/,sí,r1,/' respuestas.csv && iconv -f UTF-8 -t WINDOWS-1252 respuestas.csv > r && mv r respuestas.csv && sed -i 's/^shape = long/shape = long\nencoding = windows-1252/' indigo.ini" \
    "SELECT value FROM answer WHERE institution='MINA' AND question='Q1'" 'sí'
# ---- columns = role:Header (long, admin) ------------------------------------
good columns-renamed "sed -i '1s/.*/Entidad,Codigo,Dato,respondent,evidence/' respuestas.csv && sed -i 's/^shape = long/shape = long\ncolumns = institution:Entidad, question:Codigo, value:Dato/' indigo.ini" \
    "SELECT count(*) FROM answer" '12'
bad columns-default-name-no-longer-means-it 65 'respuestas.csv:1:22: error: column value (C): unknown column (expected institution, question, value, respondent, evidence, official, or name the file'"'"'s headers with columns = role:Header in [survey.respuestas])' \
    "sed -i 's/^shape = long/shape = long\ncolumns = value:Dato/' indigo.ini"
bad columns-unknown-role 65 'indigo.ini:27: error: [survey.respuestas] columns: unknown role "source" (expected institution, question, value, respondent, evidence, official or year)' \
    "sed -i 's/^shape = long/shape = long\ncolumns = source:Fuente/' indigo.ini"
bad columns-without-colon 65 'indigo.ini:27: error: [survey.respuestas] columns: "Valor" (expected role:Header, e.g. value:Valor)' \
    "sed -i 's/^shape = long/shape = long\ncolumns = Valor/' indigo.ini"
bad columns-role-twice 65 'indigo.ini:27: error: [survey.respuestas] columns: the value column is named twice ("A" and "B"; expected one header per role)' \
    "sed -i 's/^shape = long/shape = long\ncolumns = value:A, value:B/' indigo.ini"
bad columns-wrong-shape 65 'indigo.ini:27: error: [survey.respuestas] columns applies to shape = long or admin (expected institution_column, respondent_column or a mapping file for shape = wide)' \
    "sed -i 's/^shape = long/shape = wide\ncolumns = value:A/' indigo.ini"
# ---- a panel file: columns = year:Header -----------------------------------
good year-column-other-rounds-left-out "sed -i '1s/\$/,Año/; 2,\$s/\$/,2026/; 3s/,2026\$/,2025/' respuestas.csv && sed -i 's/^shape = long/shape = long\ncolumns = year:Año/' indigo.ini" \
    "SELECT count(*) FROM answer" '11'
bad year-column-other-years-error 65 'respuestas.csv:3:15: error: column Año (F): a row of 2025 in a file read for 2026 (other_years = error in [survey.respuestas]; expected only 2026)' \
    "sed -i '1s/\$/,Año/; 2,\$s/\$/,2026/; 3s/,2026\$/,2025/' respuestas.csv && sed -i 's/^shape = long/shape = long\ncolumns = year:Año\nother_years = error/' indigo.ini"
bad year-column-not-a-year 65 'respuestas.csv:3:15: error: column Año (F): year "20x5" (expected a year such as 2026)' \
    "sed -i '1s/\$/,Año/; 2,\$s/\$/,2026/; 3s/,2026\$/,20x5/' respuestas.csv && sed -i 's/^shape = long/shape = long\ncolumns = year:Año/' indigo.ini"
bad year-column-absent 65 'respuestas.csv:1: error: no column "Año" (named by columns = year:Año in [survey.respuestas])' \
    "sed -i 's/^shape = long/shape = long\ncolumns = year:Año/' indigo.ini"
bad other-years-without-year-column 65 'indigo.ini:27: error: [survey.respuestas] other_years without a year column (expected columns = year:Header)' \
    "sed -i 's/^shape = long/shape = long\nother_years = error/' indigo.ini"
good multi-framework-file "cp -r fw fw2 && sed -i 's/^code        = CAT/code        = CA2/' fw2/framework.ini && sed -i 's/^list = cat\$/list = cat, ca2\nca2 = fw2/; s/^framework = CAT\$/framework = CAT, CA2/' indigo.ini" \
    "SELECT f.framework || ':' || count(*) FROM answer a JOIN input_file f ON f.id = a.file_id GROUP BY f.framework ORDER BY 1" \
    "$(printf 'CA2:12\nCAT:12')"
