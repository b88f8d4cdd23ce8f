# Arithmetic: operators, precedence, bases, overflow wrap, let, (( )) status, division errors.
echo $((2 + 3 * 4)) $(((2 + 3) * 4)) $((17 / 5)) $((17 % 5)) $((-17 / 5)) $((-17 % 5))
echo $((2 ** 10)) $((2 ** 62)) $((1 << 40)) $((255 & 15)) $((8 | 3)) $((6 ^ 3)) $((~0))
echo $((16#ff)) $((8#777)) $((2#1011)) $((36#zz)) $((0x1F)) $((010))
echo $((9223372036854775807 + 1)) $((-9223372036854775807 - 1))
x=5; ((x++)); ((x *= 3)); ((x -= 1)); echo "x=$x"
let "y = x << 2" "z = y > 60 ? 1 : 0"; echo "y=$y z=$z"
((0)); echo "status of ((0)): $?"; ((42)); echo "status of ((42)): $?"
a=3 b=4; echo "hyp^2 = $((a * a + b * b))"
echo $((a > b)) $((a < b)) $((a == 3 && b == 4)) $((a != 3 || b != 4)) $((!a))
i=0; echo $((i++ + ++i)) "i=$i"
declare -i num=10; num+=5; num="num * 2"; echo "declare -i: $num"
echo $((1 / 0)) 2>&1 || echo "division by zero failed with $?"
echo "after: $((10 / 3))"
