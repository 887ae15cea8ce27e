#!/usr/bin/env bash
# An election with non-homomorphic questions run by the reference implementation,
# belenios-tool, following its example /usr/share/doc/belenios-tool/examples/demo-nh.sh:
# group RFC-3526-2048, two basic trustees, one homomorphic question and two
# non-homomorphic ones (a ranking of three, a grading of two).
# Usage:
#   belenios-nh-election.sh setup DIR VOTERS SHUFFLES
#       setup, VOTERS ballots (belenios-tool election generate-ballot), end of voting,
#       encrypted tally, then SHUFFLES shuffles by belenios-tool (trustees 1, 2, ...).
#   belenios-nh-election.sh shuffle DIR TRUSTEE-ID
#       one more shuffle by belenios-tool, appended to the archive.
#   belenios-nh-election.sh finish DIR
#       EndShuffles, both trustees' partial decryptions, the result.
# NH_TEMPLATE=FILE replaces the template (the same three questions' shapes, e.g. with methods in "extra").
# Leaves in DIR: UUID.bel, private_creds.txt, votes.txt, the trustees' keys.
set -euo pipefail
export BELENIOS_USE_URANDOM=1
step=$1 dir=$2
shift 2

case "$step" in
  setup)
    voters=$1 shuffles=$2
    mkdir -p "$dir"
    cd "$dir"
    uuid=$(belenios-tool setup generate-token)
    group="--group RFC-3526-2048"
    # NH_TEMPLATE: another template with the same three questions' shapes (e.g. with counting methods in "extra")
    if [ -n "${NH_TEMPLATE:-}" ]; then cp "$NH_TEMPLATE" template.json; else
    cat > template.json <<'EOF'
{"description":"Reference election with non-homomorphic questions, made by belenios-tool.","name":"Belenios NH reference","questions":[{"answers":["Yes","No"],"min":0,"max":1,"question":"Question 1?"},{"type":"NonHomomorphic","value":{"answers":["Federal republic","Parliamentary system","Transitional council"],"question":"Rank the futures"}},{"type":"NonHomomorphic","value":{"answers":["Option A","Option B"],"question":"Grade the options"}}]}
EOF
    fi
    belenios-tool setup generate-credentials --uuid "$uuid" $group --count "$voters" > /dev/null
    mv ./*.pubcreds public_creds.json
    mv ./*.privcreds private_creds.txt
    belenios-tool setup generate-trustee-key $group > /dev/null
    belenios-tool setup generate-trustee-key $group > /dev/null
    cat ./*.pubkey > public_keys.jsons
    belenios-tool setup make-trustees
    rm -f public_keys.jsons
    belenios-tool setup make-election --uuid "$uuid" $group --template template.json
    belenios-tool archive init
    rm -f election.json trustees.json public_creds.json
    votes=('[[1,0],[1,2,3],[1,2]]' '[[0,1],[3,1,2],[2,1]]' '[[0,0],[2,3,1],[1,1]]' '[[1,0],[1,3,2],[3,2]]')
    : > votes.txt
    i=0
    while read -r _ cred; do
      vote=${votes[$((i % 4))]}
      echo "$vote" >> votes.txt
      belenios-tool election generate-ballot --privcred <(echo "$cred") --ballot <(echo "$vote") 2>/dev/null \
        | belenios-tool archive add-event --type=Ballot
      i=$((i + 1))
    done < private_creds.txt
    belenios-tool archive add-event --type=EndBallots < /dev/null
    belenios-tool election compute-encrypted-tally 2>/dev/null | belenios-tool archive add-event --type=EncryptedTally
    for id in $(seq 1 "$shuffles"); do
      belenios-tool election shuffle --trustee-id="$id" 2>/dev/null | belenios-tool archive add-event --type=Shuffle
    done
    ;;
  shuffle)
    cd "$dir"
    belenios-tool election shuffle --trustee-id="$1" 2>/dev/null | belenios-tool archive add-event --type=Shuffle
    ;;
  finish)
    cd "$dir"
    belenios-tool archive add-event --type=EndShuffles < /dev/null
    id=1
    for u in ./*.privkey; do
      belenios-tool election decrypt --privkey "$u" --trustee-id "$id" 2>/dev/null | belenios-tool archive add-event --type=PartialDecryption
      id=$((id + 1))
    done
    belenios-tool election compute-result 2>/dev/null | belenios-tool archive add-event --type=Result
    ;;
  *)
    echo "unknown step $step" >&2
    exit 2
    ;;
esac
