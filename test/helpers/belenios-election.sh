#!/usr/bin/env bash
# Run a whole election with the reference implementation, belenios-tool, following
# the flow of its own examples (/usr/share/doc/belenios-tool/examples/demo*.sh).
# Usage: belenios-election.sh DIR MODE VOTERS [--weights] [--revotes K] [--open]
#   MODE: basic (2 basic trustees) | threshold (2-of-3 threshold trustees + 1 basic)
# Leaves in DIR: UUID.bel, private_creds.txt, votes.txt, trustee keys.
# The same flow runs with `jirga` in place of belenios-tool for any part:
#   SETUP_TOOL  credentials, trustee keys, election, archive    (default belenios-tool)
#   VOTE_TOOLS  ;-separated tools used in turn for ballots       (default belenios-tool)
#   TALLY_TOOL  encrypted tally, decryptions, result             (default belenios-tool)
set -euo pipefail
export BELENIOS_USE_URANDOM=1
read -r -a setup_tool <<< "${SETUP_TOOL:-belenios-tool}"
read -r -a tally_tool <<< "${TALLY_TOOL:-belenios-tool}"
IFS=';' read -r -a vote_tools <<< "${VOTE_TOOLS:-belenios-tool}"
st() { "${setup_tool[@]}" "$@"; }
tt() { "${tally_tool[@]}" "$@"; }
vt() { local t; read -r -a t <<< "${vote_tools[$1]}"; shift; "${t[@]}" "$@"; }

dir=$1 mode=$2 voters=$3
shift 3
weights=0 revotes=0 open=0
while [ $# -gt 0 ]; do
  case "$1" in
    --weights) weights=1 ;;
    --revotes) revotes=$2; shift ;;
    --open) open=1 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

mkdir -p "$dir"
cd "$dir"
uuid=$(st setup generate-token)
group="--group BELENIOS-2048"

cat > template.json <<'EOF'
{"description":"Reference election made by belenios-tool.","name":"Belenios reference","questions":[{"answers":["Answer 1","Answer 2"],"min":0,"max":1,"question":"Question 1?"},{"answers":["Answer 1","Answer 2","Answer 3"],"blank":true,"min":1,"max":2,"question":"Question 2?"}]}
EOF

: > voters.txt
for i in $(seq 1 "$voters"); do
  if [ "$weights" = 1 ]; then echo "voter$i@example.com,voter$i,$(( (i % 3) + 1 ))" >> voters.txt
  else echo "voter$i@example.com" >> voters.txt; fi
done
st setup generate-credentials --uuid "$uuid" $group --file voters.txt > generate-credentials.out
mv ./*.pubcreds public_creds.json
mv ./*.privcreds private_creds.txt

if [ "$mode" = threshold ]; then
  tk() { st setup generate-trustee-key-threshold $group "$@"; }
  for _ in 1 2 3; do tk --step 1 2>/dev/null; done
  cat ./*.cert > certs.jsons
  tk --certs certs.jsons --step 2 2>/dev/null
  for u in ./*.key; do tk --certs certs.jsons --key "$u" --step 3 --threshold 2; done > polynomials.jsons
  tk --certs certs.jsons --step 4 --polynomials polynomials.jsons 2>/dev/null
  for u in ./*.key; do b=${u%.key}; tk --certs certs.jsons --key "$u" --step 5 < "$b.vinput" > "$b.voutput"; done
  cat ./*.voutput | tk --certs certs.jsons --step 6 --polynomials polynomials.jsons > threshold.json 2>/dev/null
  st setup generate-trustee-key $group > /dev/null
else
  st setup generate-trustee-key $group > /dev/null
  st setup generate-trustee-key $group > /dev/null
fi
cat ./*.pubkey > public_keys.jsons
st setup make-trustees
rm -f public_keys.jsons threshold.json
st setup make-election --uuid "$uuid" $group --template template.json
st archive init
rm -f election.json trustees.json public_creds.json

# votes: question 1 picks 0 or 1 answer, question 2 is blank or picks 1-2 answers
votes=('[[1,0],[0,1,0,0]]' '[[0,1],[0,0,1,1]]' '[[0,0],[1,0,0,0]]' '[[1,0],[0,1,1,0]]' '[[0,1],[0,0,0,1]]')
: > votes.txt
i=0
while read -r id cred; do
  vote=${votes[$((i % 5))]}
  echo "$vote" >> votes.txt
  vt $((i % ${#vote_tools[@]})) election generate-ballot --privcred <(echo "$cred") --ballot <(echo "$vote") 2>/dev/null \
    | st archive add-event --type=Ballot
  i=$((i + 1))
done < private_creds.txt
# re-votes: the first K voters vote again with another choice
head -n "$revotes" private_creds.txt | while read -r id cred; do
  vt $(( ${#vote_tools[@]} - 1 )) election generate-ballot --privcred <(echo "$cred") --ballot <(echo '[[0,1],[0,1,1,0]]') 2>/dev/null \
    | st archive add-event --type=Ballot
done

if [ "$open" = 1 ]; then exit 0; fi

st archive add-event --type=EndBallots < /dev/null
tt election compute-encrypted-tally 2>/dev/null | st archive add-event --type=EncryptedTally
if [ "$mode" = threshold ]; then
  for u in ./*.privkey; do
    tt election decrypt --privkey "$u" --trustee-id 1 2>/dev/null | st archive add-event --type=PartialDecryption
  done
  # only two of the three threshold trustees decrypt (trustees 2 and 4)
  id=2
  for u in ./*.key; do
    if [ "$id" != 3 ]; then
      tt election decrypt-threshold --key "$u" --decryption-key "${u%.key}.dkey" --trustee-id "$id" 2>/dev/null \
        | st archive add-event --type=PartialDecryption
    fi
    id=$((id + 1))
  done
else
  id=1
  for u in ./*.privkey; do
    tt election decrypt --privkey "$u" --trustee-id "$id" 2>/dev/null | st archive add-event --type=PartialDecryption
    id=$((id + 1))
  done
fi
tt election compute-result 2>/dev/null | st archive add-event --type=Result
