import { Select, Spin } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { searchUnits, unitKeys } from '../api/units.api.ts';
import type { UnitView } from '../api/types.ts';
import { messages } from '../i18n/zh-CN.ts';

interface Props {
  value?: number | undefined;
  onChange?: (id: number, unit: UnitView | undefined) => void;
  /** Shown for the initial value before any search (e.g. the user's own unit). */
  initial?: { id: number; name: string } | undefined;
  placeholder?: string;
  /** Hide units that cannot be picked (e.g. the unit being moved). */
  filter?: (unit: UnitView) => boolean;
  autoFocus?: boolean;
  id?: string;
}

function useDebounced(value: string, ms: number): string {
  const [v, setV] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setV(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return v;
}

/** Picks a unit by searching names, aliases and division codes. */
export function UnitPicker({ value, onChange, initial, placeholder, filter, autoFocus, id }: Props) {
  const [term, setTerm] = useState('');
  const q = useDebounced(term.trim(), 250);
  const { data, isFetching } = useQuery({
    queryKey: unitKeys.search(q),
    queryFn: ({ signal }) => searchUnits(q, signal),
    enabled: q.length > 0,
  });
  const found = (data ?? []).filter((u) => u.active && (!filter || filter(u)));
  const options = found.map((u) => ({ value: u.id, label: u.name }));
  if (initial && value === initial.id && !options.some((o) => o.value === initial.id))
    options.unshift({ value: initial.id, label: initial.name });

  return (
    <Select
      id={id}
      showSearch={{ filterOption: false, onSearch: setTerm }}
      value={value}
      placeholder={placeholder ?? messages.users.unitSearch}
      notFoundContent={isFetching ? <Spin size="small" /> : q ? messages.units.noResults : null}
      options={options}
      autoFocus={autoFocus}
      onChange={(v: number) =>
        onChange?.(
          v,
          found.find((u) => u.id === v),
        )
      }
      style={{ width: '100%' }}
    />
  );
}
