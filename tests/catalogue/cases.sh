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
bad utf16-file 65 'respuestas.csv:1:1: error: the file is UTF-16 (it starts with the byte-order mark FF FE); set encoding = UTF-16 in its [survey.respuestas] section or save it as UTF-8' \
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
bad unknown-institution 65 'respuestas.csv:2:1: error: unknown institution "MINZ" (not in instituciones.csv)' \
    "sed -i '2s/^MINA/MINZ/' respuestas.csv"
bad institution-case 65 'respuestas.csv:2:1: error: unknown institution "Mina" (did you mean MINA?)' \
    "sed -i '2s/^MINA/Mina/' respuestas.csv"
bad unknown-question 65 'respuestas.csv:2:6: error: unknown question "Q9" (not in the CAT questionnaire)' \
    "sed -i '2s/,Q1,/,Q9,/' respuestas.csv"
bad likert-out-of-scale 65 'respuestas.csv:3:9: error: Q2: "7" is not a valid answer (expected a whole number from 1 to 5)' \
    "sed -i '3s/,4,/,7,/' respuestas.csv"
bad percent-over-100 65 'respuestas.csv:5:9: error: Q4: "150" is not a valid answer (expected a percentage from 0 to 100)' \
    "sed -i '5s/,75.5,/,150,/' respuestas.csv"
bad number-overflow-1e400 65 'respuestas.csv:4:9: error: Q3: "1e400" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,1e400,/' respuestas.csv"
bad number-nan 65 'respuestas.csv:4:9: error: Q3: "NaN" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,NaN,/' respuestas.csv"
bad number-infinity 65 'respuestas.csv:4:9: error: Q3: "inf" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,inf,/' respuestas.csv"
bad number-negative 65 'respuestas.csv:4:9: error: Q3: "-5" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,-5,/' respuestas.csv"
bad yesno-unknown 65 'respuestas.csv:2:9: error: Q1: "quizás" is not a valid answer (expected sí or no (also yes/no, 1/0, true/false, verdadero/falso))' \
    "sed -i '2s/,si,/,quizás,/' respuestas.csv"
bad formula-as-number 65 'respuestas.csv:4:9: error: Q3: "=1+1" is not a valid answer (expected a number >= 0)' \
    "sed -i '4s/,120,/,=1+1,/' respuestas.csv"
bad decimal-comma-unannounced 65 'respuestas.csv:5:9: error: Q4: "75,5" is not a valid answer (expected a percentage from 0 to 100; if the file writes decimal commas, set decimal = , in [survey.respuestas])' \
    "sed -i '5s/,75.5,/,\"75,5\",/' respuestas.csv"
bad many-errors-listed 65 'respuestas.csv:2:6: error: unknown question "Q9" (not in the CAT questionnaire)' \
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
bad registry-bad-weight 65 'instituciones.csv:3:60: error: weight "-1" of MINB is not a valid weight (expected a number > 0)' \
    "sed -i 's/^MINB,\(.*\),1$/MINB,\1,-1/' instituciones.csv"
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
bad config-bad-year 65 'indigo.ini:3: error: [round] year = "20x6" is not a whole number' \
    "sed -i '0,/^year = 2026/s//year = 20x6/' indigo.ini"
bad config-unknown-section 65 'indigo.ini:27: error: unknown section [surveys] (expected round, paths, registry, frameworks, output, publisher, uncertainty or survey.NAME)' \
    "echo '[surveys]' >> indigo.ini"
bad config-bad-separator 65 'indigo.ini:27: error: [survey.respuestas] separator = "|" (expected , ; tab or auto)' \
    "echo 'separator = |' >> indigo.ini"
bad config-unknown-framework 65 'indigo.ini:22: error: [survey.respuestas] framework = XYZ is not one of [frameworks] list' \
    "sed -i 's/^framework = CAT/framework = XYZ/' indigo.ini"
bad config-unknown-licence 65 'indigo.ini:18: error: [output] licence = "CC-BY-NC-4.0" (expected CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0, ODbL-1.0 or PDDL-1.0)' \
    "sed -i 's/^languages = es$/languages = es\\nlicence = CC-BY-NC-4.0/' indigo.ini"
# ---- [publisher] -------------------------------------------------------------
bad publisher-logo-missing 66 'indigo.ini:29: error: [publisher] logo = logo.png: No such file or directory (expected a PNG file)' \
    "printf '[publisher]\nname_es = Municipalidad\nlogo = logo.png\n' >> indigo.ini"
bad publisher-logo-not-png 65 'indigo.ini:28: error: [publisher] logo = logo.png is not a PNG image (expected a .png file; convert other formats first)' \
    "printf 'GIF89a\001\000\001\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000' > logo.png && printf '[publisher]\nlogo = logo.png\n' >> indigo.ini"
bad publisher-logo-too-wide 65 'indigo.ini:28: error: [publisher] logo = logo.png is 5000 x 10 pixels (expected 1 to 4000 on each side)' \
    "printf '\211PNG\r\n\032\n\000\000\000\015IHDR\000\000\023\210\000\000\000\012\010\002\000\000\000' > logo.png && printf '[publisher]\nlogo = logo.png\n' >> indigo.ini"
bad publisher-unit-without-plural 65 'indigo.ini:28: error: [publisher] unit_es without units_es (expected both the singular and the plural, e.g. unit_es = municipio, units_es = municipios)' \
    "printf '[publisher]\nunit_es = municipio\n' >> indigo.ini"
bad publisher-bad-decimals 65 'indigo.ini:28: error: [publisher] decimals = "1.5" (expected a whole number from 0 to 6, or no key for the decimals of each framework'"'"'s scale)' \
    "printf '[publisher]\ndecimals = 1.5\n' >> indigo.ini"
bad publisher-unknown-key 65 'indigo.ini:28: error: unknown key "nombre" in [publisher] (expected name_es, name_en, country_es, country_en, logo, unit_es, units_es, unit_en, units_en or decimals)' \
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
good windows-1252-declared "sed -i 's/,si,r1,\$/,sí,r1,/' respuestas.csv && iconv -f UTF-8 -t WINDOWS-1252 respuestas.csv > r && mv r respuestas.csv && sed -i 's/^shape = long/shape = long\nencoding = windows-1252/' indigo.ini" \
    "SELECT value FROM answer WHERE institution='MINA' AND question='Q1'" 'sí'
# ---- columns = role:Header (long, admin) ------------------------------------
good columns-renamed "sed -i '1s/.*/Entidad,Codigo,Dato,respondent,evidence/' respuestas.csv && sed -i 's/^shape = long/shape = long\ncolumns = institution:Entidad, question:Codigo, value:Dato/' indigo.ini" \
    "SELECT count(*) FROM answer" '12'
bad columns-default-name-no-longer-means-it 65 'respuestas.csv:1:22: error: unknown column "value" (expected institution, question, value, respondent, evidence, official, or name the file'"'"'s headers with columns = role:Header in [survey.respuestas])' \
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
bad year-column-other-years-error 65 'respuestas.csv:3:24: error: a row of 2025 in a file read for 2026 (other_years = error in [survey.respuestas]; expected only 2026)' \
    "sed -i '1s/\$/,Año/; 2,\$s/\$/,2026/; 3s/,2026\$/,2025/' respuestas.csv && sed -i 's/^shape = long/shape = long\ncolumns = year:Año\nother_years = error/' indigo.ini"
bad year-column-not-a-year 65 'respuestas.csv:3:24: error: year "20x5" in column "Año" (expected a year such as 2026)' \
    "sed -i '1s/\$/,Año/; 2,\$s/\$/,2026/; 3s/,2026\$/,20x5/' respuestas.csv && sed -i 's/^shape = long/shape = long\ncolumns = year:Año/' indigo.ini"
bad year-column-absent 65 'respuestas.csv:1: error: no column "Año" (named by columns = year:Año in [survey.respuestas])' \
    "sed -i 's/^shape = long/shape = long\ncolumns = year:Año/' indigo.ini"
bad other-years-without-year-column 65 'indigo.ini:27: error: [survey.respuestas] other_years without a year column (expected columns = year:Header)' \
    "sed -i 's/^shape = long/shape = long\nother_years = error/' indigo.ini"
